using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Registry;
using MatchModels.Core.Tables;

namespace MatchModels.Core.Scoring;

/// <summary>What <c>matchmodels predict</c> was asked: the version to score with, the history and the output file.</summary>
/// <param name="Version">The registered version to score with; it needs a fitted feature state.</param>
/// <param name="DataDirectory">The history folder, validated before anything is scored.</param>
/// <param name="OutputPath">The .parquet or .csv file to write; it must not exist.</param>
/// <param name="Labels">
/// Given the loaded history, the observed label of each pair under the rule the version was trained with (null when
/// not yet known); null when no rule is known, as for an imported version. A parameter because the rules live in Training.
/// </param>
public sealed record ScoreHistoryRequest(ModelVersion Version, string DataDirectory, string OutputPath, Func<ProgrammeHistory, Func<Pair, bool?>>? Labels = null);

/// <summary>Progress of a batch: pairs scored so far out of the total.</summary>
public sealed record ScoreHistoryProgress(int Scored, int Total);

/// <summary>A finished batch: where it was written, how many pairs, and with which version.</summary>
public sealed record ScoreHistoryResult(string Output, TableFormat Format, int Pairs, string Model, int Version, int Labelled);

/// <summary>The history failed validation: nothing was scored.</summary>
public sealed class HistoryInvalidException(string message) : Exception(message);

/// <summary>
/// Scores every pair of a programme history with one registered version, each as of its own cut-off (the match
/// date for pair-success, the match date plus the horizon for drop-out), with the same snapshots and fitted state
/// as training, and writes one row per pair to Parquet or CSV. The file is written beside its target and renamed,
/// so a reader never sees half a file.
/// </summary>
public static class ScoreHistory
{
    /// <summary>Pairs scored per ONNX call: large enough to amortise the call, small enough to report progress often.</summary>
    public const int BatchSize = 4096;

    /// <summary>Refuses an output that cannot be written before any work is done: its extension and whether it exists.</summary>
    public static TableFormat CheckOutput(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        TableFormat format = TableFormats.FromExtension(path)
            ?? throw new ArgumentException($"{path}: unknown extension '{Path.GetExtension(path)}', expected .parquet or .csv");
        if (File.Exists(path) || Directory.Exists(path))
        {
            throw new IOException($"{path} already exists; nothing was written");
        }

        return format;
    }

    public static async Task<ScoreHistoryResult> RunAsync(ScoreHistoryRequest request, IProgress<ScoreHistoryProgress>? progress = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        TableFormat format = CheckOutput(request.OutputPath);
        ModelManifest manifest = request.Version.Manifest;
        if (manifest.Features.State is null)
        {
            throw new ProfilesNotSupportedException(
                $"{manifest.Name}:{manifest.Version} was imported without a fitted feature state, so it cannot compute features from a history; score feature vectors with POST /v2/models/{manifest.Name}/versions/{manifest.Version}/infer instead");
        }

        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(request.DataDirectory, ct);
        if (!loaded.Ok)
        {
            string first = string.Join("; ", loaded.Problems.Take(3).Select(p => p.Message));
            throw new HistoryInvalidException(
                $"data folder {request.DataDirectory} failed validation with {loaded.ProblemCount} problem(s), nothing was scored; first: {first}. Run 'matchmodels data validate {request.DataDirectory}' for the full list");
        }

        ProgrammeHistory history = loaded.History!;
        using PairScorer scorer = PairScorer.Open(request.Version);
        var builder = PairFeatureBuilder.For(manifest.Features.State);
        var index = new PointInTimeHistory(history);
        IReadOnlyList<Pair> pairs = history.Pairs;
        var probabilities = new double?[pairs.Count];
        for (int start = 0; start < pairs.Count; start += BatchSize)
        {
            ct.ThrowIfCancellationRequested();
            var batch = pairs.Skip(start).Take(BatchSize).ToList();
            float[] p = scorer.Score(builder.Snapshots(index, batch));
            for (int i = 0; i < p.Length; i++)
            {
                probabilities[start + i] = p[i];
            }

            progress?.Report(new ScoreHistoryProgress(start + batch.Count, pairs.Count));
        }

        Func<Pair, bool?>? label = request.Labels?.Invoke(history);
        bool?[] labels = pairs.Select(p => label?.Invoke(p)).ToArray();
        var table = new Table("predictions", Path.GetFileName(request.OutputPath), pairs.Count,
        [
            TableColumn.From("pair_id", pairs.Select(p => (string?)p.PairId).ToArray()),
            TableColumn.From("mentee_id", pairs.Select(p => (string?)p.MenteeId).ToArray()),
            TableColumn.From("mentor_id", pairs.Select(p => (string?)p.MentorId).ToArray()),
            TableColumn.From("as_of", pairs.Select(p => (DateTime?)builder.CutOff(p)).ToArray()),
            TableColumn.From("model", pairs.Select(_ => (string?)manifest.Name).ToArray()),
            TableColumn.From("version", pairs.Select(_ => (long?)manifest.Version).ToArray()),
            TableColumn.From("probability", probabilities),
            TableColumn.From("label", labels),
        ]);
        string full = Path.GetFullPath(request.OutputPath);
        string partial = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.partial");
        try
        {
            await TableWriter.WriteAsync(table, partial, format, ct);

            // No overwrite: an output that appeared while we scored is not ours to replace.
            File.Move(partial, full, overwrite: false);
        }
        finally
        {
            File.Delete(partial);
        }

        return new ScoreHistoryResult(full, format, pairs.Count, manifest.Name, manifest.Version, labels.Count(l => l is not null));
    }
}
