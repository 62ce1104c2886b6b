namespace MatchModels.Training.Evaluation;

/// <summary>A verdict on a model's skill and the plain-English sentence a report shows for it.</summary>
public sealed record SkillAssessment(SkillVerdict Verdict, string Sentence);
