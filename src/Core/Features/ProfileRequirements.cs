using MatchModels.Core.History;

namespace MatchModels.Core.Features;

/// <summary>
/// The profile fields a version cannot score without, per side (ADR 0022): those its kept builder features read that
/// were present in its training history and that it has no fill for. A field it does not read, or fills, may be left
/// out of a profile or a history; manager_id never is required (no manager among the participants is a value).
/// </summary>
public sealed record ProfileRequirements(IReadOnlyList<string> Mentee, IReadOnlyList<string> Mentor)
{
    /// <summary>The requirements of a version: its builder, the builder features it kept, and its treatment (null before ADR 0022).</summary>
    public static ProfileRequirements Of(PairFeatureBuilder builder, IEnumerable<string> builderFeatures, ProfileTreatment? treatment)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(builderFeatures);
        ProfileTreatment t = treatment ?? ProfileTreatment.Complete;
        var reads = builderFeatures.SelectMany(f => builder.Definition(f).Needs.Reads)
            .Where(r => r.Field != ProfileFields.ManagerId && !t.IsAbsent(r.Field))
            .ToList();
        IReadOnlyList<string> For(PairSides side) =>
            [.. ProfileFields.All.Where(f => reads.Any(r => r.Field == f && (r.Sides & side) != 0) && !t.Covers(f, side))];
        return new ProfileRequirements(For(PairSides.Mentee), For(PairSides.Mentor));
    }

    public IReadOnlyList<string> For(Role role) => role == Role.Mentee ? Mentee : Mentor;

    /// <summary>The required fields <paramref name="p"/> holds no value of, as the side it plays.</summary>
    public IEnumerable<string> MissingIn(Participant p, Role role)
    {
        ArgumentNullException.ThrowIfNull(p);
        return For(role).Where(f => !ProfileFields.Has(p, f));
    }
}
