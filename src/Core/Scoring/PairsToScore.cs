using System.Globalization;
using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Schemas;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Scoring;

/// <summary>
/// One pair to score: the id written out, the two participants, the cut-off, and the history's own pair when the
/// row names one by its pair_id. <see cref="Known"/> is null for a proposed pair, which has no observed label.
/// </summary>
public sealed record PairToScore(string PairId, string MenteeId, string MentorId, DateTime AsOf, Pair? Known)
{
    /// <summary>A pair of the history at <paramref name="cutOff"/>, as <c>predict</c> scores a whole history.</summary>
    public static PairToScore Of(Pair pair, DateTime cutOff)
    {
        ArgumentNullException.ThrowIfNull(pair);
        return new(pair.PairId, pair.MenteeId, pair.MentorId, cutOff, pair);
    }

    /// <summary>The pair as the history stood at <see cref="AsOf"/>, from the same snapshot code training uses.</summary>
    public PairSnapshot Snapshot(PointInTimeHistory history, bool withEngagement)
    {
        ArgumentNullException.ThrowIfNull(history);
        return Known is { } pair
            ? history.Snapshot(pair, AsOf, withEngagement)
            : history.ProposalSnapshot(MenteeId, MentorId, AsOf);
    }
}

/// <summary>A pairs file read against a history: the pairs only when there is not a single problem.</summary>
/// <param name="Pairs">One per data row, in file order; null when anything is wrong.</param>
/// <param name="AsOfColumn">Whether the file had an as_of column; without one every row was given the default cut-off.</param>
/// <param name="IgnoredColumns">Columns the schema does not name, left unread: worth showing, since a misspelt as_of would silently mean the default.</param>
/// <param name="Problems">The problems kept (at most <see cref="ProblemList.MaxKept"/>), in file order.</param>
/// <param name="ProblemCount">All problems found, kept or not.</param>
public sealed record PairsFileReadResult(
    IReadOnlyList<PairToScore>? Pairs,
    bool AsOfColumn,
    IReadOnlyList<string> IgnoredColumns,
    IReadOnlyList<ValidationProblem> Problems,
    long ProblemCount)
{
    public bool Ok => Pairs is not null;
}

/// <summary>
/// Reads the pairs <c>matchmodels predict --pairs</c> scores (data/schemas/pairs-to-score.schema.json) and checks
/// each against the history it will be scored with, so that nothing is scored unless every row can be:
/// both participants exist with the right role and had joined by the cut-off, pair ids are unique, and a pair_id
/// of the history names that very pair. Every problem names the file, the data row and the column.
/// </summary>
public static class PairsToScore
{
    /// <summary>The file's schema, read from the JSON Schema embedded with the history's.</summary>
    public static TableSchema Schema { get; } = JsonSchemaReader.Read(HistorySchemas.RawJson("pairs-to-score"));

    /// <summary>The prefix of the id given to a row without a pair_id, followed by its data row: row-3.</summary>
    public const string GeneratedIdPrefix = "row-";

    /// <summary>Refuses a path that cannot be a pairs file before any work is done: its extension and whether the file is there.</summary>
    public static TableFormat CheckPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        TableFormat format = TableFormats.FromExtension(path)
            ?? throw new ArgumentException($"pairs file {path}: unknown extension '{Path.GetExtension(path)}', expected .parquet or .csv");
        if (!File.Exists(path))
        {
            string found = Directory.Exists(path) ? "is a directory, not a file" : "does not exist";
            throw new FileNotFoundException($"pairs file {path} {found}; nothing was scored", path);
        }

        return format;
    }

    /// <param name="path">The .parquet or .csv file.</param>
    /// <param name="history">The validated history the pairs will be scored against.</param>
    /// <param name="builder">The version's feature builder: a drop-out one needs pairs of the history, with their sessions.</param>
    /// <param name="defaultAsOf">The cut-off of every row when the file has no as_of column: the time of the run, which a given as_of may not lie more than <see cref="CheckCutOff.MaxAhead"/> after.</param>
    /// <param name="ct">Stops the read.</param>
    public static async Task<PairsFileReadResult> ReadAsync(string path, PointInTimeHistory history, PairFeatureBuilder builder, DateTime defaultAsOf, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(builder);
        TableFormat format = CheckPath(path);
        var problems = new ProblemList();
        RawTable? raw = format == TableFormat.Parquet
            ? await ParquetTableReader.ReadAsync(path, problems, ct)
            : CsvTableReader.Read(path, problems);
        if (raw is null)
        {
            return new PairsFileReadResult(null, false, [], problems.Kept, problems.Total);
        }

        RawColumn? rawAsOf = raw.Columns.FirstOrDefault(c => c.Name == "as_of");
        string[] ignored = raw.Columns.Select(c => c.Name).Where(n => Schema.Find(n) is null).ToArray();
        if (raw.RowCount == 0 && raw.SkippedRows == 0)
        {
            problems.Add(ProblemKind.EmptyFile, raw.File, null, null, "at least one pair to score", "a header and no rows");
        }

        Table table = TableDecoder.Decode(Schema, raw, problems);
        var pairs = new Rows(raw, table, rawAsOf, history, builder, defaultAsOf, problems).Check();
        return new PairsFileReadResult(problems.Any ? null : pairs, rawAsOf is not null, ignored, problems.Kept, problems.Total);
    }

    /// <summary>The row checks, which need the file, the history and the problems at hand.</summary>
    private sealed class Rows(RawTable raw, Table table, RawColumn? rawAsOf, PointInTimeHistory history, PairFeatureBuilder builder, DateTime defaultAsOf, ProblemList problems)
    {
        private readonly string _file = raw.File;
        private readonly Dictionary<string, Pair> _known = history.History.Pairs.ToDictionary(p => p.PairId, StringComparer.Ordinal);
        private readonly ILookup<(string Mentee, string Mentor), Pair> _byCouple = history.History.Pairs.ToLookup(p => (p.MenteeId, p.MentorId));

        public List<PairToScore> Check()
        {
            string?[] pairIds = table["pair_id"].Strings!, menteeIds = table["mentee_id"].Strings!, mentorIds = table["mentor_id"].Strings!;
            DateTime?[] asOfs = table["as_of"].Times!;
            var firstRowOf = new Dictionary<string, long>(StringComparer.Ordinal);
            var pairs = new List<PairToScore>(table.RowCount);
            for (int i = 0; i < table.RowCount; i++)
            {
                long row = raw.DataRow(i);
                string pairId = pairIds[i] ?? GeneratedIdPrefix + row.ToString(CultureInfo.InvariantCulture);
                if (!firstRowOf.TryAdd(pairId, row))
                {
                    string generated = pairIds[i] is null ? " (given to a row without a pair_id)" : string.Empty;
                    problems.Add(ProblemKind.DuplicateKey, _file, row, "pair_id", $"a pair_id no other row has (row {firstRowOf[pairId]} has it)", $"{Q(pairId)}{generated}");
                }

                // A null id or time here was already reported by the decoder (missing column or value, wrong type),
                // except an empty as_of: the schema lets the column be absent, not a row go without it.
                DateTime? asOf = rawAsOf is null ? defaultAsOf : asOfs[i];
                if (rawAsOf is not null && asOf is null && rawAsOf.Values.GetValue(i) is null)
                {
                    problems.Add(ProblemKind.MissingValue, _file, row, "as_of", "a date-time (ISO 8601, UTC) on every row, or no as_of column at all to score every row as of one default cut-off", "an empty value");
                }

                // The default is the time of the run itself, so only a given as_of can be too far ahead of it.
                if (rawAsOf is not null && asOf is { } given && CheckCutOff.TooFarAhead(given, defaultAsOf) is { } ahead)
                {
                    problems.Add(ProblemKind.OutOfRange, _file, row, "as_of", ahead, T(given));
                    asOf = null;
                }

                // A blank id was reported by the decoder too (minLength), so it is not reported again as unknown.
                string? menteeId = menteeIds[i], mentorId = mentorIds[i];
                bool menteeOk = !string.IsNullOrWhiteSpace(menteeId) && Member(menteeId, "mentee_id", Role.Mentee, asOf, row);
                bool mentorOk = !string.IsNullOrWhiteSpace(mentorId) && Member(mentorId, "mentor_id", Role.Mentor, asOf, row);
                if (!menteeOk || !mentorOk || menteeId is null || mentorId is null || asOf is not { } cutOff)
                {
                    continue;
                }

                if (Pair(pairIds[i], pairId, menteeId, mentorId, cutOff, row) is { } pair)
                {
                    pairs.Add(pair);
                }
            }

            return pairs;
        }

        /// <summary>Whether <paramref name="id"/> is a participant of <paramref name="role"/> whose profile was known at <paramref name="asOf"/> (when there is one to check).</summary>
        private bool Member(string id, string column, Role role, DateTime? asOf, long row)
        {
            if (!history.TryParticipant(id, out Participant? p))
            {
                problems.Add(ProblemKind.DanglingReference, _file, row, column, "a participant_id of participants", Q(id));
                return false;
            }

            if (p.Role != role)
            {
                problems.Add(ProblemKind.WrongRole, _file, row, column, $"a participant whose role is {EnumNames.Of(role)}", $"{Q(id)} with role {EnumNames.Of(p.Role)}");
                return false;
            }

            if (asOf is { } t && CheckCutOff.BeforeJoining(t, p) is { } expected)
            {
                problems.Add(ProblemKind.TimeOrder, _file, row, "as_of", expected, AsOfText(t));
                return false;
            }

            return true;
        }

        /// <summary>The pair to score: the history's own when <paramref name="given"/> names one, else a proposed pair; null after a problem.</summary>
        private PairToScore? Pair(string? given, string pairId, string menteeId, string mentorId, DateTime asOf, long row)
        {
            if (given is not null && _known.TryGetValue(given, out Pair? known))
            {
                if (known.MenteeId != menteeId || known.MentorId != mentorId)
                {
                    problems.Add(ProblemKind.Inconsistent, _file, row, "pair_id",
                        $"mentee_id {Q(known.MenteeId)} and mentor_id {Q(known.MentorId)}, as pair {Q(given)} has in pairs",
                        $"mentee_id {Q(menteeId)} and mentor_id {Q(mentorId)}");
                    return null;
                }

                if (builder.WithEngagement && asOf < known.MatchedAt)
                {
                    problems.Add(ProblemKind.TimeOrder, _file, row, "as_of",
                        $"at or after the pair's matched_at {T(known.MatchedAt)}: a {builder.FeatureSet} version reads the sessions since the match", AsOfText(asOf));
                    return null;
                }

                return new PairToScore(given, menteeId, mentorId, asOf, known);
            }

            string which = given is null ? "a row without a pair_id" : $"{Q(given)}, not a pair_id of pairs";
            if (builder.WithEngagement)
            {
                problems.Add(ProblemKind.DanglingReference, _file, row, "pair_id",
                    $"a pair_id of pairs: a {builder.FeatureSet} version scores a pair from its sessions after the match, which a proposed pair does not have", which);
                return null;
            }

            // Without its pair_id, a pair the history already has running would count in its own mentor's load.
            if (_byCouple[(menteeId, mentorId)].FirstOrDefault(p => p.MatchedAt <= asOf && (p.EndedAt is not { } ended || ended > asOf)) is { } running)
            {
                problems.Add(ProblemKind.Inconsistent, _file, row, "pair_id",
                    $"pair_id {Q(running.PairId)}: this mentee and mentor are already paired as {Q(running.PairId)} (matched {T(running.MatchedAt)}, running at as_of), and a proposal of the same pair would count it in the mentor's load",
                    which);
                return null;
            }

            return new PairToScore(pairId, menteeId, mentorId, asOf, null);
        }

        private string AsOfText(DateTime asOf) => rawAsOf is null ? $"{T(asOf)} (the default as_of: the file has no as_of column)" : T(asOf);
    }

    private static string Q(string s) => $"\"{s}\"";

    private static string T(DateTime t) => CheckCutOff.Text(t);
}
