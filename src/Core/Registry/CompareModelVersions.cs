namespace MatchModels.Core.Registry;

/// <summary>One number of two versions side by side; Difference is B − A (null when either is missing).</summary>
public sealed record SideBySide(string Name, double? A, double? B, double? Difference);

/// <summary>A data table of the two training sets, and whether its file is byte-for-byte the same.</summary>
public sealed record DataComparison(string Table, string? FileA, string? Sha256A, string? FileB, string? Sha256B, bool Same);

/// <summary>Two versions compared: trainer, metrics, feature importance, training data and the pipeline that produced them.</summary>
public sealed record VersionComparison(
    string Name,
    int A,
    int B,
    string? TrainerA,
    string? TrainerB,
    IReadOnlyList<SideBySide> Metrics,
    IReadOnlyList<SideBySide> Importance,
    IReadOnlyList<DataComparison> Data,
    IReadOnlyList<string> PipelineDiff);

/// <summary>
/// <c>matchmodels models compare NAME V1 V2</c>: reads both versions (digests checked) and lines up what changed.
/// Importance is listed in the order of the larger absolute change, so the features whose role moved come first.
/// </summary>
public static class CompareModelVersions
{
    public static VersionComparison Run(ModelRegistry registry, string name, int a, int b)
    {
        ModelVersion va = registry.Open(name, a), vb = registry.Open(name, b);
        ModelManifest ma = va.Manifest, mb = vb.Manifest;
        var metrics = ma.Metrics.Keys.Union(mb.Metrics.Keys).Order(StringComparer.Ordinal)
            .Select(k => Side(k, ma.Metrics.TryGetValue(k, out double x) ? x : null, mb.Metrics.TryGetValue(k, out double y) ? y : null))
            .ToList();
        var ia = ma.Importance.ToDictionary(i => i.Feature, i => i.Importance);
        var ib = mb.Importance.ToDictionary(i => i.Feature, i => i.Importance);
        var importance = ia.Keys.Union(ib.Keys)
            .Select(k => Side(k, ia.TryGetValue(k, out double x) ? x : null, ib.TryGetValue(k, out double y) ? y : null))
            .OrderByDescending(s => Math.Abs(s.Difference ?? s.A ?? s.B ?? 0)).ThenBy(s => s.Name, StringComparer.Ordinal)
            .ToList();
        var data = ma.Data.Select(d => d.Table).Union(mb.Data.Select(d => d.Table)).Order(StringComparer.Ordinal).Select(table =>
        {
            DataDigest? x = ma.Data.FirstOrDefault(d => d.Table == table), y = mb.Data.FirstOrDefault(d => d.Table == table);
            return new DataComparison(table, x?.File, x?.Sha256, y?.File, y?.Sha256, x is not null && y is not null && x.Sha256 == y.Sha256);
        }).ToList();
        IReadOnlyList<string> pipelineDiff = LineDiff.Unified(PipelineLines(va), PipelineLines(vb), $"{name}:{a}/{ma.Pipeline?.File}", $"{name}:{b}/{mb.Pipeline?.File}");
        return new VersionComparison(name, a, b, ma.Trainer, mb.Trainer, metrics, importance, data, pipelineDiff);
    }

    private static SideBySide Side(string name, double? a, double? b) => new(name, a, b, a is { } x && b is { } y ? y - x : null);

    /// <summary>The resolved pipeline the manifest points at (its digest already checked by Open); none for an imported version.</summary>
    private static string[] PipelineLines(ModelVersion v) =>
        v.Manifest.Pipeline is { } p && v.Manifest.Digests.Files.ContainsKey(p.File) ? File.ReadAllLines(v.PathOf(p.File)) : [];
}
