
namespace MatchModels.Core.Features;

/// <summary>
/// The model's input for a set of snapshots: the pipeline's chosen builder features, in the pipeline's order,
/// then any allowed audit columns, then the features of the pipeline's declared columns, then the missing-value
/// indicators of the profile fields (ADR 0022). Everything fitted (text vocabulary, stand-in values, audit categories,
/// declared columns' fills and levels, profile fills) comes in from the caller, fitted on the training side only.
/// </summary>
public sealed record FeatureLayout(
    PairFeatureBuilder Builder, IReadOnlyList<string> BuilderFeatures, AuditFeatureEncoding Audit, CustomFeatureEncoding? Custom = null, ProfileTreatment? Profile = null)
{
    private int? _auditWidth;

    private CustomFeatureEncoding Declared => Custom ?? CustomFeatureEncoding.None;

    private ProfileTreatment Treatment => Profile ?? ProfileTreatment.Complete;

    // Audit.Width lists its column names: counted once, since scoring encodes every candidate row.
    private int AuditWidth => _auditWidth ??= Audit.Width;

    private int[]? _indices;

    public IReadOnlyList<string> Names => [.. BuilderFeatures, .. Audit.ColumnNames, .. Declared.Names, .. Treatment.IndicatorNames];

    public int Width => BuilderFeatures.Count + Audit.Width + Declared.Width + Treatment.Width;

    public float[] Build(IReadOnlyList<PairSnapshot> snapshots, FittedFeatureState state)
    {
        FeatureMatrix all = Builder.Build(snapshots, state);
        _indices ??= BuilderFeatures.Select(all.IndexOf).ToArray();
        int width = Width;
        var values = new float[snapshots.Count * width];
        for (int r = 0; r < snapshots.Count; r++)
        {
            ReadOnlySpan<float> source = all.Row(r);
            Span<float> target = values.AsSpan(r * width, width);
            for (int c = 0; c < _indices.Length; c++)
            {
                target[c] = source[_indices[c]];
            }

            Audit.Encode(snapshots[r].Mentee, snapshots[r].Mentor, target[_indices.Length..]);
            Declared.Encode(snapshots[r].Mentee, snapshots[r].Mentor, target[(_indices.Length + AuditWidth)..]);
            Treatment.Encode(snapshots[r].Mentee, snapshots[r].Mentor, target[(_indices.Length + AuditWidth + Declared.Width)..]);
        }

        return values;
    }

    /// <summary>
    /// One snapshot's model row into <paramref name="target"/> (<see cref="Width"/> values), from prepared texts;
    /// <paramref name="scratch"/> holds the builder's full row (<see cref="PairFeatureBuilder.Definitions"/>.Count values).
    /// </summary>
    public void Build(PairSnapshot snapshot, FittedFeatureState state, ParticipantText mentee, ParticipantText mentor, Span<float> scratch, Span<float> target)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        int[] indices = _indices ??= BuilderFeatures.Select(IndexInBuilder).ToArray();
        Builder.Build(snapshot, state, mentee, mentor, scratch);
        for (int c = 0; c < indices.Length; c++)
        {
            target[c] = scratch[indices[c]];
        }

        Audit.Encode(snapshot.Mentee, snapshot.Mentor, target[indices.Length..]);
        Declared.Encode(snapshot.Mentee, snapshot.Mentor, target[(indices.Length + AuditWidth)..]);
        Treatment.Encode(snapshot.Mentee, snapshot.Mentor, target[(indices.Length + AuditWidth + Declared.Width)..]);
    }

    private int IndexInBuilder(string name)
    {
        for (int i = 0; i < Builder.Definitions.Count; i++)
        {
            if (Builder.Definitions[i].Name == name)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"the {Builder.FeatureSet} builder has no feature named '{name}'");
    }
}
