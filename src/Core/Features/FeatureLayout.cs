
namespace MatchModels.Core.Features;

/// <summary>
/// The model's input for a set of snapshots: the pipeline's chosen builder features, in the pipeline's order,
/// then any allowed audit columns. Everything fitted (text vocabulary, stand-in values, audit categories) comes
/// in from the caller, fitted on the training side only.
/// </summary>
public sealed record FeatureLayout(PairFeatureBuilder Builder, IReadOnlyList<string> BuilderFeatures, AuditFeatureEncoding Audit)
{
    private int[]? _indices;

    public IReadOnlyList<string> Names => [.. BuilderFeatures, .. Audit.ColumnNames];

    public int Width => BuilderFeatures.Count + Audit.Width;

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
        }

        return values;
    }
}
