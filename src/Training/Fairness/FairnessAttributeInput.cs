namespace MatchModels.Training.Fairness;

/// <summary>One attribute to audit and the group each row belongs to.</summary>
/// <param name="Attribute">Column name, e.g. gender, age_band, department, site.</param>
/// <param name="AuditOnly">True for attributes kept only for auditing (never model features, see DESIGN.md).</param>
/// <param name="Values">Group of each scored row, in row order; null or blank puts the row in <see cref="AssessFairness.MissingGroup"/>.</param>
public sealed record FairnessAttributeInput(string Attribute, bool AuditOnly, IReadOnlyList<string?> Values);
