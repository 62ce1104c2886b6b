using MatchModels.Core.History;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;

namespace MatchModels.Core.PersonalData;

/// <summary>One row of a run folder's test-predictions.csv that concerns a participant.</summary>
public sealed record RunPredictionRow(string Model, string RunId, string PairId, string Line, string File);

/// <summary>Where the lineage of a registered version places a participant.</summary>
public sealed record VersionLineage(string Model, int Version, string Finding);

/// <summary>Everything MatchModels holds about one participant (GDPR Art. 15), store by store.</summary>
public sealed record ParticipantData(
    string ParticipantId,
    IReadOnlyList<PredictionRecord> Predictions,
    IReadOnlyList<OutcomeRecord> Outcomes,
    IReadOnlyList<RunPredictionRow> RunPredictions,
    IReadOnlyList<VersionLineage> Versions,
    IReadOnlyList<string> Notes)
{
    public bool HoldsAnything => Predictions.Count > 0 || Outcomes.Count > 0 || RunPredictions.Count > 0;
}

/// <summary>
/// Finds a participant's rows in every store: predictions whose pair names them (predict and rank log
/// "mentee_id→mentor_id"), outcomes reported for those pairs or for requests that scored only their pairs, the test
/// predictions of run folders for their pairs in the programme history (when one is given), and the registered
/// versions whose lineage holds them.
/// </summary>
public static class FindParticipantData
{
    public const string TestPredictionsFile = "test-predictions.csv";

    /// <summary>The serving host's write-ahead segments (Serving's WalSegments), which hold rows until they are compacted.</summary>
    public const string WriteAheadSegmentExtension = ".wal";

    /// <summary>The note's opening words when segments were left unsearched, so callers can tell an incomplete search.</summary>
    public const string UnsearchedSegmentsNote = "write-ahead segment(s) not yet compacted";

    public static async Task<ParticipantData> RunAsync(PersonalDataStores stores, string participantId, CancellationToken ct = default) =>
        (await FindAsync(stores, participantId, ct)).Data;

    /// <summary>The participant's data, and the requests that scored only their pairs (whose outcomes are theirs).</summary>
    internal static async Task<(ParticipantData Data, IReadOnlySet<string> TheirRequests)> FindAsync(PersonalDataStores stores, string participantId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentException.ThrowIfNullOrEmpty(participantId);
        var notes = new List<string>();
        var predictions = new List<PredictionRecord>();
        var rowsPerRequest = new Dictionary<string, (int Theirs, int All)>(StringComparer.Ordinal);
        foreach (string file in PersonalDataStores.ParquetFiles(stores.PredictionsFolder))
        {
            foreach (PredictionRecord r in await LogFiles.ReadAsync<PredictionRecord>(file, ct))
            {
                bool theirs = PersonalDataStores.Names(r.PairId, participantId);
                (int t, int a) = rowsPerRequest.GetValueOrDefault(r.RequestId);
                rowsPerRequest[r.RequestId] = (t + (theirs ? 1 : 0), a + 1);
                if (theirs)
                {
                    predictions.Add(r);
                }
            }
        }

        var theirRequests = rowsPerRequest.Where(kv => kv.Value.Theirs > 0 && kv.Value.Theirs == kv.Value.All).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
        var outcomes = new List<OutcomeRecord>();
        foreach (string file in PersonalDataStores.ParquetFiles(stores.OutcomesFolder))
        {
            outcomes.AddRange((await LogFiles.ReadAsync<OutcomeRecord>(file, ct)).Where(o => Concerns(o, participantId, theirRequests)));
        }

        if (stores.LogFolder is not null && Directory.Exists(stores.LogFolder)
            && Directory.EnumerateFiles(stores.LogFolder, "*" + WriteAheadSegmentExtension, SearchOption.AllDirectories).Count() is > 0 and int segments)
        {
            notes.Add($"{segments} write-ahead segment(s) not yet compacted into Parquet were not searched: a running server compacts them within a minute (a stopped one at its next start); run again then");
        }

        IReadOnlyList<RunPredictionRow> runRows = await RunPredictionsAsync(stores, participantId, notes, ct);
        var versions = new List<VersionLineage>();
        if (stores.Registry is not null && Directory.Exists(stores.Registry))
        {
            foreach ((string model, int version, TrainingLineage.Finding finding) in TrainingLineage.Versions(new ModelRegistry(stores.Registry), participantId))
            {
                versions.Add(new VersionLineage(model, version, TrainingLineage.Describe(finding)));
            }
        }

        return (new ParticipantData(participantId, predictions, outcomes, runRows, versions, notes), theirRequests);
    }

    internal static bool Concerns(OutcomeRecord o, string participantId, IReadOnlySet<string> theirRequests) =>
        PersonalDataStores.Names(o.PairId, participantId) || (o.RequestId is { } r && theirRequests.Contains(r));

    /// <summary>The history's pair ids of <paramref name="participantId"/>, or null (with a note) when no history was given.</summary>
    internal static async Task<IReadOnlySet<string>?> HistoryPairsAsync(PersonalDataStores stores, string participantId, List<string> notes, CancellationToken ct)
    {
        if (stores.HistoryFolder is null)
        {
            if (RunFolders(stores).Any())
            {
                notes.Add("run folders' test predictions were not searched: they hold pair ids only; give --history DIR (the programme history they were trained from) to tie pairs to the person");
            }

            return null;
        }

        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(stores.HistoryFolder, ct);
        if (loaded.History is null)
        {
            throw new InvalidDataException($"the history in {stores.HistoryFolder} did not load ({loaded.ProblemCount} problem(s)); run 'matchmodels data validate {stores.HistoryFolder}'");
        }

        return loaded.History.Pairs.Where(p => p.MenteeId == participantId || p.MentorId == participantId).Select(p => p.PairId).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every run folder's test-predictions.csv in the registry: (model, run id, path).</summary>
    internal static IEnumerable<(string Model, string RunId, string Path)> RunFolders(PersonalDataStores stores)
    {
        if (stores.Registry is null || !Directory.Exists(stores.Registry))
        {
            yield break;
        }

        var registry = new ModelRegistry(stores.Registry);
        foreach (string model in registry.Names())
        {
            string runs = Path.Combine(registry.ModelDirectory(model), TrainingRuns.Folder);
            if (!Directory.Exists(runs))
            {
                continue;
            }

            foreach (string run in Directory.EnumerateDirectories(runs).Order(StringComparer.Ordinal))
            {
                string file = Path.Combine(run, TestPredictionsFile);
                if (File.Exists(file))
                {
                    yield return (model, Path.GetFileName(run), file);
                }
            }
        }
    }

    private static async Task<IReadOnlyList<RunPredictionRow>> RunPredictionsAsync(PersonalDataStores stores, string participantId, List<string> notes, CancellationToken ct)
    {
        IReadOnlySet<string>? pairs = await HistoryPairsAsync(stores, participantId, notes, ct);
        var rows = new List<RunPredictionRow>();
        if (pairs is null || pairs.Count == 0)
        {
            return rows;
        }

        foreach ((string model, string run, string path) in RunFolders(stores))
        {
            foreach (string line in (await File.ReadAllLinesAsync(path, ct)).Skip(1))
            {
                string pair = PairIdOf(line);
                if (pairs.Contains(pair))
                {
                    rows.Add(new RunPredictionRow(model, run, pair, line, path));
                }
            }
        }

        return rows;
    }

    /// <summary>The first field of a test-predictions.csv line (pair ids are written unquoted, without commas).</summary>
    internal static string PairIdOf(string line)
    {
        int comma = line.IndexOf(',', StringComparison.Ordinal);
        return comma < 0 ? line : line[..comma];
    }
}
