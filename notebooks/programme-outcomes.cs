// Programme outcomes: how often pairs succeed and drop out, and for whom.
//
//   dotnet run notebooks/programme-outcomes.cs [-- --data DIR] [--out DIR]
//
// Reads a programme history (default data/sample) with the product's loader, labels every pair with the rules of
// pipelines/pair-success.yaml and pipelines/dropout.yaml, and writes notebooks/out/programme-outcomes.html: success
// and drop-out rates with 95% intervals by cohort, department, site, level gap, timezone gap, shared language, mentor
// load, time to first session and sessions in the first weeks, and what stands out. See notebooks/README.md.
// File-based apps default to native AOT, which turns off reflection-based JSON; the registry's model.json reader uses it.
#:property PublishAot=false
#:package Microsoft.Data.Analysis
#:project NotebookKit/MatchModels.NotebookKit.csproj
#:project ../src/Core/MatchModels.Core.csproj
#:project ../src/Training/MatchModels.Training.csproj

using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.NotebookKit.Pages;
using MatchModels.NotebookKit.Running;
using MatchModels.NotebookKit.Statistics;
using MatchModels.Training.Pipelines;
using Microsoft.Data.Analysis;

// ── Arguments ───────────────────────────────────────────────────────────────────────────────────────────────────────
NotebookArguments arguments = NotebookArguments.Parse("programme-outcomes", args, NotebookArguments.DataOption, NotebookArguments.OutOption);
var page = new NotebookPage(
    "Programme outcomes",
    "How often mentoring pairs succeed and drop out, overall and by who they are and how they started. Every rate carries " +
    "its 95% Wilson interval; groups too small to say anything are listed rather than plotted.");

// ── 1. Load and validate the history ────────────────────────────────────────────────────────────────────────────────
// The product's loader checks every table against data/schemas and across tables; an invalid history stops here.
var loaded = await LoadHistoryOrStop.RunAsync(arguments.Data);
ProgrammeHistory history = loaded.History!;
var files = new DataFrame(
    new StringDataFrameColumn("table", loaded.Files.Select(f => f.Table)),
    new StringDataFrameColumn("file", loaded.Files.Select(f => Path.GetFileName(f.Path))),
    new Int32DataFrameColumn("rows", loaded.Files.Select(f => f.Rows)),
    new StringDataFrameColumn("sha256", loaded.Files.Select(f => f.Sha256[..12])));
page.Cell("The data", $"{arguments.Data}: {Html.Count(history.Participants.Count)} participants, {Html.Count(history.Pairs.Count)} pairs in " +
        $"{history.Pairs.Select(p => p.CohortId).Distinct().Count()} cohorts, {Html.Count(history.Sessions.Count)} sessions and " +
        $"{Html.Count(history.Outcomes.Count)} outcome surveys, valid against data/schemas.")
    .Table(files);

// ── 2. Label every pair as the pipelines do ─────────────────────────────────────────────────────────────────────────
// Success and drop-out mean what the training pipelines say they mean, so these rates are the base rates the models
// learn. A pair whose label later data could still change is left out of that rate, as training leaves it out.
string successFile = Path.Combine(arguments.RepositoryRoot, "pipelines", "pair-success.yaml");
string dropoutFile = Path.Combine(arguments.RepositoryRoot, "pipelines", "dropout.yaml");
PipelineSpec successSpec = PipelineFile.Load(successFile), dropoutSpec = PipelineFile.Load(dropoutFile);
var successRule = (PairSuccessLabel)successSpec.Label;
var successLabels = new LabelRules(successSpec, history);
var dropoutLabels = new LabelRules(dropoutSpec, history);
LabelledPairs successAll = successLabels.Apply(), dropoutAll = dropoutLabels.Apply();

// Groups with fewer labelled pairs than the fairness check's minimum are listed, not plotted: the same bar the
// pipeline sets before a group's rate is reported at all.
int minGroupSize = successSpec.Fairness.MinGroupSize;
var overallSuccess = Proportion.Of(successAll.Rows.Count(r => r.Label), successAll.Rows.Count);
var overallDropout = Proportion.Of(dropoutAll.Rows.Count(r => r.Label), dropoutAll.Rows.Count);
var overall = new DataFrame(
    new StringDataFrameColumn("outcome", ["success (pair-success.yaml)", "drop-out (dropout.yaml)"]),
    new Int32DataFrameColumn("labelled pairs", [overallSuccess.Trials, overallDropout.Trials]),
    new Int32DataFrameColumn("positive", [overallSuccess.Successes, overallDropout.Successes]),
    new StringDataFrameColumn("rate", [Html.Percent(overallSuccess.Rate), Html.Percent(overallDropout.Rate)]),
    new StringDataFrameColumn("95% interval", [Html.PercentInterval(overallSuccess.Low, overallSuccess.High), Html.PercentInterval(overallDropout.Low, overallDropout.High)]),
    new StringDataFrameColumn("left out (why)", [Excluded(successAll), Excluded(dropoutAll)]));
page.Cell("Success and drop-out overall",
        $"A pair succeeds when it was accepted, held at least {successRule.MinSessions} sessions within {successRule.WithinDays} days" +
        (successRule.MinMenteeSatisfaction is { } m ? $" and the mentee rated it at least {m}" : "") +
        $"; it drops out when it was still running {dropoutSpec.CutoffDays} days after the match and then ended as dropped (or after " +
        $"{((DropoutLabel)dropoutSpec.Label).NoSessionDays} silent days). Overall {Html.Percent(overallSuccess.Rate)} succeed and " +
        $"{Html.Percent(overallDropout.Rate)} of the pairs still running at day {dropoutSpec.CutoffDays} drop out.")
    .Table(overall)
    .Note($"Rules read from {Path.GetRelativePath(arguments.RepositoryRoot, successFile)} and {Path.GetRelativePath(arguments.RepositoryRoot, dropoutFile)}. " +
        $"Groups below {minGroupSize} labelled pairs (fairness.min_group_size) are listed, not plotted.");

// ── 3. One row per pair: the facts each breakdown groups by ─────────────────────────────────────────────────────────
// Everything is read as the history stands at the pair's match (the mentor's load) or from its own sessions.
var index = new PointInTimeHistory(history);
var facts = history.Pairs.Select(pair =>
{
    Participant mentee = index.Participant(pair.MenteeId), mentor = index.Participant(pair.MentorId);
    EngagementSoFar all = index.Engagement(pair, DateTime.MaxValue);
    EngagementSoFar early = index.Engagement(pair, pair.MatchedAt.AddDays(successRule.WithinDays));
    return new PairFacts(pair, mentee, mentor, index.MentorRecord(pair.MentorId, pair.MatchedAt, pair.PairId).ActivePairs,
        all.FirstSessionDays, early.Sessions, successLabels.Label(pair), dropoutLabels.IsEligible(pair) ? dropoutLabels.Label(pair) : null);
}).ToList();

// Cohorts in the order they started, the rest by their own order (numbers ascending, names alphabetically).
var cohortStart = history.Pairs.GroupBy(p => p.CohortId).ToDictionary(g => g.Key, g => g.Min(p => p.MatchedAt).Ticks);
const string NotRecorded = "(not recorded)";
Breakdown[] breakdowns =
[
    new("cohort", "By cohort", "Each cohort's pairs, in the order the cohorts started.", f => (f.Pair.CohortId, cohortStart[f.Pair.CohortId])),
    // A history may leave profile fields out (ADR 0022): a pair without the value is its own group, shown last.
    new("department", "By mentee department", "The mentee's department.", f => f.Mentee.Department is { } departmentName ? (departmentName, 0) : (NotRecorded, double.MaxValue)),
    new("site", "By mentee site", "The mentee's site.", f => f.Mentee.Site is { } siteName ? (siteName, 0) : (NotRecorded, double.MaxValue)),
    new("level gap", "By level gap", "The mentor's job level minus the mentee's: how far up the mentor sits.",
        f => f.Mentor.JobLevel is int up && f.Mentee.JobLevel is int down ? (Signed(up - down), up - down) : (NotRecorded, double.MaxValue)),
    new("timezone gap", "By timezone gap", "Hours between the mentee's and the mentor's timezones, rounded.",
        f => f.Mentee.TimezoneOffsetH is double a && f.Mentor.TimezoneOffsetH is double b
            ? ($"{(int)Math.Round(Math.Abs(a - b))} h", (int)Math.Round(Math.Abs(a - b)))
            : (NotRecorded, double.MaxValue)),
    new("shared language", "By shared language", "Whether mentee and mentor have at least one language in common.",
        f => f.Mentee.Languages is { } spoken && f.Mentor.Languages is { } offered
            ? spoken.Intersect(offered, StringComparer.OrdinalIgnoreCase).Any() ? ("shared", 0) : ("none shared", 1)
            : (NotRecorded, double.MaxValue)),
    new("mentor load", "By mentor load", "How many other pairs the mentor was running when this one was matched.",
        f => (f.MentorLoad.ToString(System.Globalization.CultureInfo.InvariantCulture), f.MentorLoad)),
    new("first session", "By time to first session", "Days from the match to the pair's first session.", f => FirstSessionBand(f.FirstSessionDays)),
    new("early sessions", $"By sessions in the first {successRule.WithinDays} days",
        $"Sessions held within {successRule.WithinDays} days of the match. The success rule asks for at least {successRule.MinSessions}, so fewer means 0% success by definition; the drop-out rate is the informative one here.",
        f => (f.EarlySessions.ToString(System.Globalization.CultureInfo.InvariantCulture), f.EarlySessions), SuccessByDefinition: true),
];

// The pairs as a DataFrame: one text column per breakdown and 0/1 columns to sum per group.
var frame = new DataFrame(
    breakdowns.Select(b => (DataFrameColumn)new StringDataFrameColumn(b.Column, facts.Select(f => b.Key(f).Label)))
    .Concat([
        new Int32DataFrameColumn("success_n", facts.Select(f => f.Success is null ? 0 : 1)),
        new Int32DataFrameColumn("success", facts.Select(f => f.Success == true ? 1 : 0)),
        new Int32DataFrameColumn("dropout_n", facts.Select(f => f.Dropout is null ? 0 : 1)),
        new Int32DataFrameColumn("dropout", facts.Select(f => f.Dropout == true ? 1 : 0)),
    ]));

// ── 4. Each breakdown: chart, counts and intervals ──────────────────────────────────────────────────────────────────
var standouts = new List<Standout>();
foreach (Breakdown b in breakdowns)
{
    var order = facts.Select(b.Key).DistinctBy(k => k.Label).ToDictionary(k => k.Label, k => k.Order);
    DataFrame sums = frame.GroupBy(b.Column).Sum("success_n", "success", "dropout_n", "dropout");
    int Sum(string column, long row) => Convert.ToInt32(sums.Columns[column][row], System.Globalization.CultureInfo.InvariantCulture);
    var groups = Enumerable.Range(0, (int)sums.Rows.Count).Select(row => new GroupRates(
            (string)sums.Columns[b.Column][row],
            Proportion.Of(Sum("success", row), Sum("success_n", row)),
            Proportion.Of(Sum("dropout", row), Sum("dropout_n", row))))
        .OrderBy(g => order[g.Group]).ThenBy(g => g.Group, StringComparer.Ordinal).ToList();
    Proportion? Shown(Proportion p) => p.Trials >= minGroupSize ? p : null;
    var plotted = groups.Where(g => Shown(g.Success) is not null || Shown(g.Dropout) is not null).ToList();
    var tooSmall = groups.Except(plotted).ToList();

    var cell = page.Cell(b.Heading, b.Commentary + " " + Spread("Success", plotted.Select(g => (g.Group, Shown(g.Success)))) + " " +
        Spread("Drop-out", plotted.Select(g => (g.Group, Shown(g.Dropout)))));
    cell.Chart(SvgChart.Rates($"Success and drop-out {b.Heading.ToLowerInvariant()}",
        $"Bars: rate; whiskers: 95% Wilson interval. Groups with fewer than {minGroupSize} labelled pairs for a rate have no bar for it.",
        plotted.Select(g => g.Group).ToList(),
        [new RateSeries("success", plotted.Select(g => Shown(g.Success)).ToList()), new RateSeries("drop-out", plotted.Select(g => Shown(g.Dropout)).ToList())]));
    cell.Table(new DataFrame(
        new StringDataFrameColumn(b.Column, groups.Select(g => g.Group)),
        new Int32DataFrameColumn("labelled (success)", groups.Select(g => g.Success.Trials)),
        new Int32DataFrameColumn("succeeded", groups.Select(g => g.Success.Successes)),
        new StringDataFrameColumn("success rate", groups.Select(g => Html.Percent(g.Success.Rate))),
        new StringDataFrameColumn("95% interval", groups.Select(g => Html.PercentInterval(g.Success.Low, g.Success.High))),
        new Int32DataFrameColumn("labelled (drop-out)", groups.Select(g => g.Dropout.Trials)),
        new Int32DataFrameColumn("dropped out", groups.Select(g => g.Dropout.Successes)),
        new StringDataFrameColumn("drop-out rate", groups.Select(g => Html.Percent(g.Dropout.Rate))),
        new StringDataFrameColumn("95% interval ", groups.Select(g => Html.PercentInterval(g.Dropout.Low, g.Dropout.High)))));
    cell.List($"Too small to plot (fewer than {minGroupSize} labelled pairs for either rate):",
        tooSmall.Select(g => $"{g.Group}: {g.Success.Trials} labelled for success, {g.Dropout.Trials} for drop-out"));

    // The widest gap between two plotted groups, per rate, kept for "what stands out" when its interval excludes zero.
    foreach ((string rate, Func<GroupRates, Proportion> pick) in new (string, Func<GroupRates, Proportion>)[] { ("success", g => g.Success), ("drop-out", g => g.Dropout) })
    {
        var shown = plotted.Where(g => Shown(pick(g)) is not null).ToList();
        if (shown.Count >= 2 && !(b.SuccessByDefinition && rate == "success"))
        {
            GroupRates high = shown.MaxBy(g => pick(g).Rate)!, low = shown.MinBy(g => pick(g).Rate)!;
            standouts.Add(new Standout(b, rate, high.Group, low.Group, new ProportionDifference(pick(high), pick(low))));
        }
    }
}

// ── 5. What stands out ──────────────────────────────────────────────────────────────────────────────────────────────
// Computed, not written: the largest gaps between two groups of one breakdown whose 95% interval excludes zero.
const int StandoutsShown = 8;
var clear = standouts.Where(s => s.Difference.ExcludesZero).OrderByDescending(s => Math.Abs(s.Difference.Difference)).Take(StandoutsShown).ToList();
var standout = page.Cell("What stands out",
    clear.Count == 0
        ? "No gap between two groups is larger than its noise: every highest-versus-lowest difference has a 95% interval that includes zero."
        : $"The {clear.Count} largest gaps between the highest and the lowest group of a breakdown whose 95% interval (Newcombe) excludes zero, largest first. " +
          "Each interval holds for its own comparison; with many breakdowns looked at, treat a gap near zero as a lead, not a finding." +
          string.Concat(breakdowns.Where(b => b.SuccessByDefinition).Select(b => $" Success {b.Heading.ToLowerInvariant()} is left out: the success rule itself sets it.")));
foreach (Standout s in clear)
{
    standout.Text($"{Capitalised(s.Rate)} {s.Breakdown.Heading.ToLowerInvariant()}: {s.High} {Html.Percent(s.Difference.A.Rate)} (n = {s.Difference.A.Trials}) against " +
        $"{s.Low} {Html.Percent(s.Difference.B.Rate)} (n = {s.Difference.B.Trials}), {Html.Points(s.Difference.Difference)} [{Html.Points(s.Difference.Low)}, {Html.Points(s.Difference.High)}].");
}

standout.Table(new DataFrame(
    new StringDataFrameColumn("breakdown", standouts.Select(s => s.Breakdown.Column)),
    new StringDataFrameColumn("rate", standouts.Select(s => s.Rate)),
    new StringDataFrameColumn("highest", standouts.Select(s => $"{s.High} {Html.Percent(s.Difference.A.Rate)}")),
    new StringDataFrameColumn("lowest", standouts.Select(s => $"{s.Low} {Html.Percent(s.Difference.B.Rate)}")),
    new StringDataFrameColumn("difference", standouts.Select(s => Html.Points(s.Difference.Difference))),
    new StringDataFrameColumn("95% interval", standouts.Select(s => $"[{Html.Points(s.Difference.Low)}, {Html.Points(s.Difference.High)}]")),
    new StringDataFrameColumn("excludes zero", standouts.Select(s => s.Difference.ExcludesZero ? "yes" : "no"))))
    .Note("Every breakdown's widest gap, whether or not it stands out.");

// ── Write the page ──────────────────────────────────────────────────────────────────────────────────────────────────
string written = await page.WriteAsync(arguments.Out, "programme-outcomes.html", DateTime.UtcNow);
Console.WriteLine($"wrote {written} ({page.ChartCount} charts)");

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────────
static string Excluded(LabelledPairs labelled) => labelled.Excluded.Count == 0
    ? "none"
    : string.Join(", ", labelled.Excluded.Select(kv => $"{kv.Value} {System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(kv.Key.ToString()).Replace('_', ' ')}"));

static string Signed(int n) => n > 0 ? $"+{n}" : n.ToString(System.Globalization.CultureInfo.InvariantCulture);

static string Capitalised(string s) => char.ToUpperInvariant(s[0]) + s[1..];

// Bands of a week, a fortnight, a month and two months: how programme leads talk about a slow start.
static (string Label, double Order) FirstSessionBand(double? days) => days switch
{
    null => ("no session", 99),
    <= 7 => ("0–7 d", 0),
    <= 14 => ("8–14 d", 1),
    <= 30 => ("15–30 d", 2),
    <= 60 => ("31–60 d", 3),
    _ => ("over 60 d", 4),
};

static string Spread(string rate, IEnumerable<(string Group, Proportion? Rate)> groups)
{
    var shown = groups.Where(g => g.Rate is not null).ToList();
    if (shown.Count < 2)
    {
        return $"{rate}: fewer than two groups large enough to compare.";
    }

    var high = shown.MaxBy(g => g.Rate!.Rate);
    var low = shown.MinBy(g => g.Rate!.Rate);
    return $"{rate} runs from {Html.Percent(low.Rate!.Rate)} ({low.Group}) to {Html.Percent(high.Rate!.Rate)} ({high.Group}).";
}

/// <summary>
/// What a breakdown groups by: its column in the frame, its heading, and each pair's group and its place in the order.
/// <paramref name="SuccessByDefinition"/> marks a grouping the success rule itself decides, whose success gap says nothing.
/// </summary>
internal sealed record Breakdown(string Column, string Heading, string Commentary, Func<PairFacts, (string Label, double Order)> Key, bool SuccessByDefinition = false);

/// <summary>A pair and the facts the breakdowns read; Success and Dropout are null when that label is not known.</summary>
internal sealed record PairFacts(Pair Pair, Participant Mentee, Participant Mentor, int MentorLoad, double? FirstSessionDays, int EarlySessions, bool? Success, bool? Dropout);

internal sealed record GroupRates(string Group, Proportion Success, Proportion Dropout);

internal sealed record Standout(Breakdown Breakdown, string Rate, string High, string Low, ProportionDifference Difference);
