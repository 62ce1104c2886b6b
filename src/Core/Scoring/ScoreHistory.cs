using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;
using MatchModels.Core.Tables;

namespace MatchModels.Core.Scoring;

/// <summary>What <c>matchmodels predict</c> was asked: the version to score with, the history, the pairs and the output file.</summary>
/// <param name="Version">The registered version to score with; it needs a fitted feature state.</param>
/// <param name="DataDirectory">The history folder, validated before anything is scored.</param>
/// <param name="OutputPath">The .parquet or .csv file to write; it must not exist.</param>
/// <param name="Labels">
/// Given the loaded history, the observed label of each pair under the rule the version was trained with (null when
/// not yet known); null when no rule is known, as for an imported version. A parameter because the rules live in Training.
/// </param>
/// <param name="Pairs">The pairs file to score instead of the history's own pairs; null scores the history's.</param>
/// <param name="Log">Append every scored pair to this prediction log too; null logs nothing.</param>
public sealed record ScoreHistoryRequest(
    ModelVersion Version,
    string DataDirectory,
    string OutputPath,
    Func<ProgrammeHistory, Func<Pair, bool?>>? Labels = null,
    PairsFileRequest? Pairs = null,
    BatchLogRequest? Log = null);

/// <summary>Log the batch's predictions into a prediction log folder (<see cref="LogBatchPredictions"/>).</summary>
/// <param name="Folder">The log folder (predictions/ below it), as <c>serve</c>'s Serving:PredictionLog:Folder.</param>
/// <param name="RunId">This run's id, the first part of every row's request id.</param>
/// <param name="NowUtc">The rows' time; a parameter so that the clock stays with the caller.</param>
public sealed record BatchLogRequest(string Folder, string RunId, DateTime NowUtc);

/// <summary>Score the pairs of a file (data/schemas/pairs-to-score.schema.json) against the history.</summary>
/// <param name="Path">The .parquet or .csv file.</param>
/// <param name="DefaultAsOf">The cut-off of every row when the file has no as_of column, and the time of the run a given as_of may not lie far after; a parameter so that the clock stays with the caller.</param>
public sealed record PairsFileRequest(string Path, DateTime DefaultAsOf);

/// <summary>Progress of a batch: pairs scored so far out of the total.</summary>
public sealed record ScoreHistoryProgress(int Scored, int Total);

/// <summary>A finished batch: where it was written, how many pairs, and with which version.</summary>
/// <param name="Output">The full path of the file written.</param>
/// <param name="Format">Its format.</param>
/// <param name="Pairs">Rows written, one per pair.</param>
/// <param name="Model">The registered model's name.</param>
/// <param name="Version">The version that scored.</param>
/// <param name="Labelled">Rows with an observed label; a proposed pair has none.</param>
/// <param name="PairsFile">The pairs file scored, when one was; null for the history's own pairs.</param>
/// <param name="DefaultAsOf">The cut-off every row was scored at because the pairs file had no as_of column; null otherwise.</param>
/// <param name="IgnoredColumns">Columns of the pairs file that are not in its schema and were not read; null without a pairs file.</param>
/// <param name="LogFiles">The prediction log files written, when the request asked for a log; null otherwise.</param>
public sealed record ScoreHistoryResult(
    string Output,
    TableFormat Format,
    int Pairs,
    string Model,
    int Version,
    int Labelled,
    string? PairsFile = null,
    DateTime? DefaultAsOf = null,
    IReadOnlyList<string>? IgnoredColumns = null,
    IReadOnlyList<string>? LogFiles = null);

/// <summary>The history failed validation: nothing was scored.</summary>
public sealed class HistoryInvalidException(string message) : Exception(message);

/// <summary>The pairs file has problems (schema, unknown participants, roles, cut-offs): nothing was scored.</summary>
public sealed class PairsFileInvalidException(string message) : Exception(message);

/// <summary>
/// Scores every pair of a programme history with one registered version, each as of its own cut-off (the match
/// date for pair-success, the match date plus the horizon for drop-out), or the pairs of a pairs file each as of its
/// as_of, with the same snapshots and fitted state as training, and writes one row per pair to Parquet or CSV. The
/// file is written beside its target and renamed, so a reader never sees half a file. With a log, the rows are then
/// appended to the prediction log; if that fails, the output just written is removed, so a failed run leaves neither.
/// </summary>
public static class ScoreHistory
{
    /// <summary>Pairs scored per ONNX call: large enough to amortise the call, small enough to report progress often.</summary>
    public const int BatchSize = 4096;

    /// <summary>Problems of a pairs file quoted in the error; the rest are counted.</summary>
    public const int ProblemsShown = 10;

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
        if (request.Pairs is { } pairsFile)
        {
            PairsToScore.CheckPath(pairsFile.Path);
        }

        if (request.Log is { } logRequest)
        {
            LogBatchPredictions.CheckFolder(logRequest.Folder);
        }

        ModelManifest manifest = request.Version.Manifest;
        if (manifest.Features.State is null)
        {
            throw new ProfilesNotSupportedException(
                $"{manifest.Name}:{manifest.Version} was imported without a fitted feature state, so it cannot compute features from a history; score feature vectors with POST /v2/models/{manifest.Name}/versions/{manifest.Version}/infer instead");
        }

        // The version's declared columns are read from the history as training read them (ADR 0021).
        Columns.DeclaredColumn[] declared = manifest.Features.State.Custom?.Declared.ToArray() ?? [];
        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(request.DataDirectory, declared, ct);
        if (!loaded.Ok)
        {
            string first = string.Join("; ", loaded.Problems.Take(3).Select(p => p.Message));
            throw new HistoryInvalidException(
                $"data folder {request.DataDirectory} failed validation with {loaded.ProblemCount} problem(s), nothing was scored; first: {first}. Run 'matchmodels data validate {request.DataDirectory}' for the full list");
        }

        ProgrammeHistory history = loaded.History!;
        using PairScorer scorer = PairScorer.Open(request.Version);
        RequireColumns(request.DataDirectory, manifest, scorer.Requirements, history);
        var builder = PairFeatureBuilder.For(manifest.Features.State);
        var index = new PointInTimeHistory(history);
        PairsFileReadResult? read = null;
        if (request.Pairs is { } file)
        {
            read = await PairsToScore.ReadAsync(file.Path, index, builder, file.DefaultAsOf, ct);
            if (!read.Ok)
            {
                throw new PairsFileInvalidException(Describe(file.Path, read));
            }
        }

        IReadOnlyList<PairToScore> pairs = read?.Pairs ?? history.Pairs.Select(p => PairToScore.Of(p, builder.CutOff(p))).ToList();
        var probabilities = new double?[pairs.Count];
        var logged = request.Log is null ? null : new List<BatchPrediction>(pairs.Count);
        for (int start = 0; start < pairs.Count; start += BatchSize)
        {
            ct.ThrowIfCancellationRequested();
            var batch = pairs.Skip(start).Take(BatchSize).Select(p => p.Snapshot(index, builder.WithEngagement)).ToList();
            RequireValues(request.DataDirectory, manifest, scorer.Requirements, batch);
            float[] rows = scorer.Features(batch);
            float[] p = scorer.Onnx.Score(rows, batch.Count);
            for (int i = 0; i < p.Length; i++)
            {
                probabilities[start + i] = p[i];
                PairToScore pair = pairs[start + i];
                logged?.Add(new BatchPrediction(pair.MenteeId, pair.MentorId, rows.AsSpan(i * scorer.Width, scorer.Width).ToArray(), p[i], pair.AsOf));
            }

            progress?.Report(new ScoreHistoryProgress(start + batch.Count, pairs.Count));
        }

        // A proposed pair has no observed outcome, so its label stays empty.
        Func<Pair, bool?>? label = request.Labels?.Invoke(history);
        bool?[] labels = pairs.Select(p => p.Known is { } known ? label?.Invoke(known) : null).ToArray();
        var table = new Table("predictions", Path.GetFileName(request.OutputPath), pairs.Count,
        [
            TableColumn.From("pair_id", pairs.Select(p => (string?)p.PairId).ToArray()),
            TableColumn.From("mentee_id", pairs.Select(p => (string?)p.MenteeId).ToArray()),
            TableColumn.From("mentor_id", pairs.Select(p => (string?)p.MentorId).ToArray()),
            TableColumn.From("as_of", pairs.Select(p => (DateTime?)p.AsOf).ToArray()),
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

        IReadOnlyList<string>? logFiles = null;
        if (request.Log is { } log)
        {
            try
            {
                logFiles = await LogBatchPredictions.WriteAsync(
                    log.Folder, LogBatchPredictions.Records(manifest.Name, manifest.Version, manifest.Threshold, logged!, log.RunId, log.NowUtc), log.NowUtc, ct);
            }
            catch
            {
                // The output was created by this run a moment ago (CheckOutput refused an existing one): without its log
                // rows it would be half a result.
                File.Delete(full);
                throw;
            }
        }

        return new ScoreHistoryResult(
            full, format, pairs.Count, manifest.Name, manifest.Version, labels.Count(l => l is not null),
            request.Pairs is { } scored ? Path.GetFullPath(scored.Path) : null,
            read is { AsOfColumn: false } ? request.Pairs!.DefaultAsOf : null,
            read?.IgnoredColumns,
            logFiles);
    }

    /// <summary>
    /// Refuses a history that lacks a column the version reads and cannot fill (ADR 0022): filling a whole column would
    /// score every pair on a value the model never saw missing. A column whose values are all empty counts as absent.
    /// </summary>
    private static void RequireColumns(string directory, ModelManifest manifest, ProfileRequirements required, ProgrammeHistory history)
    {
        var absent = ProfileFields.All
            .Where(f => (required.Mentee.Contains(f) && !history.Participants.Any(p => p.Role == Role.Mentee && ProfileFields.Has(p, f)))
                || (required.Mentor.Contains(f) && !history.Participants.Any(p => p.Role == Role.Mentor && ProfileFields.Has(p, f))))
            .ToList();
        if (absent.Count > 0)
        {
            throw new HistoryInvalidException(
                $"data folder {directory}: participants has no {string.Join(", ", absent)} (column absent or every value empty), which {manifest.Name}:{manifest.Version} reads and has no fill for (it saw no missing value of it in training); nothing was scored");
        }
    }

    /// <summary>Refuses the batch when a scored participant lacks a value the version reads and cannot fill, naming the first few.</summary>
    private static void RequireValues(string directory, ModelManifest manifest, ProfileRequirements required, IReadOnlyList<PairSnapshot> batch)
    {
        var gaps = new List<string>();
        int count = 0;
        foreach (PairSnapshot s in batch)
        {
            foreach ((Participant p, Role role) in new[] { (s.Mentee, Role.Mentee), (s.Mentor, Role.Mentor) })
            {
                foreach (string field in required.MissingIn(p, role))
                {
                    if (count++ < ProblemsShown)
                    {
                        gaps.Add($"  participant {p.ParticipantId} ({EnumNames.Of(role)}): no {field}");
                    }
                }
            }
        }

        if (count > 0)
        {
            string more = count > gaps.Count ? $"\n  and {count - gaps.Count:N0} more" : "";
            throw new HistoryInvalidException(
                $"data folder {directory}: {count:N0} value(s) that {manifest.Name}:{manifest.Version} reads and has no fill for (it saw none missing in training) are empty, nothing was scored:\n{string.Join('\n', gaps)}{more}");
        }
    }

    private static string Describe(string path, PairsFileReadResult read)
    {
        var lines = read.Problems.Take(ProblemsShown).Select(p => "  " + p.Message).ToList();
        if (read.ProblemCount > lines.Count)
        {
            lines.Add($"  and {read.ProblemCount - lines.Count:N0} more");
        }

        return $"pairs file {path} has {read.ProblemCount:N0} problem(s), nothing was scored:\n{string.Join('\n', lines)}";
    }
}
