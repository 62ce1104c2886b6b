namespace MatchModels.Core.Synthetic;

/// <summary>
/// A mentoring topic: the skills that belong to it and the phrases that name it in goals texts, per role
/// (mentees say what they want to develop, mentors what they can offer) and per language. Every phrase
/// names exactly one topic, so the topics of a goals text can be read back from it.
/// </summary>
internal sealed record Topic(
    string Key,
    IReadOnlyList<string> Skills,
    IReadOnlyList<string> MenteeEnglish,
    IReadOnlyList<string> MenteeFrench,
    IReadOnlyList<string> MentorEnglish,
    IReadOnlyList<string> MentorFrench)
{
    public IReadOnlyList<string> Phrases(bool mentor, bool french) => (mentor, french) switch
    {
        (false, false) => MenteeEnglish,
        (false, true) => MenteeFrench,
        (true, false) => MentorEnglish,
        (true, true) => MentorFrench,
    };
}
