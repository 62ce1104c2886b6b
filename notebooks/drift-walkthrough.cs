// Drift walkthrough: what the monitor sees when the programme changes under a trained model, and what it then decides.
//
//   dotnet run notebooks/drift-walkthrough.cs [-- --registry DIR] [--data DIR] [--out DIR]
//
// Takes the pair-success champion (else the latest version) of a registry (default models/, as the README main job
// leaves it), copies it into a scratch registry, and replays a programme history through it cohort by cohort with the
// product's batch-logging path (as `matchmodels predict --pairs … --log` does on each cohort's match day). The history is
// one the notebook generates with drift injected (the sample's size, another seed, mixed drift from the middle cohort)
// unless --data gives one. It then runs the monitor on that log with the outcomes joined (as `matchmodels monitor`
// does), records the alerts, and weighs the retraining policy (as `matchmodels retrain` does), retraining into the
// scratch registry when the version's own policy says so. Writes notebooks/out/drift-walkthrough.html, and keeps the
// history, log, reports and scratch registry in notebooks/out/drift-walkthrough/. --registry is only read. See
// notebooks/README.md.
// File-based apps default to native AOT, which turns off reflection-based JSON; the registry's model.json reader uses it.
#:property PublishAot=false
#:package Microsoft.Data.Analysis
#:project NotebookKit/MatchModels.NotebookKit.csproj
#:project ../src/Core/MatchModels.Core.csproj
#:project ../src/Training/MatchModels.Training.csproj
#:project ../src/Monitoring/MatchModels.Monitoring.csproj
#:project ../src/Synthetic/MatchModels.Synthetic.csproj

using System.Globalization;
using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.Core.Tables;
using MatchModels.Monitoring.Alerts;
using MatchModels.Monitoring.Reports;
using MatchModels.Monitoring.Retraining;
using MatchModels.Monitoring.Settings;
using MatchModels.Monitoring.Statistics;
using MatchModels.NotebookKit.Pages;
using MatchModels.NotebookKit.Running;
using MatchModels.NotebookKit.Statistics;
using MatchModels.Synthetic;
using MatchModels.Training;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Retraining;
using Microsoft.Data.Analysis;

// ── Arguments ───────────────────────────────────────────────────────────────────────────────────────────────────────
NotebookArguments arguments = NotebookArguments.Parse("drift-walkthrough", args,
    NotebookArguments.RegistryOption, NotebookArguments.DataOption, NotebookArguments.OutOption);
const string Name = NotebookArguments.DefaultModel;
bool generate = !arguments.Given.Contains(NotebookArguments.DataOption);

// The history to generate without --data: data/sample's size and calendar (its README), but another seed, so that no
// replayed pair is one the model was trained on, and mixed drift (new distant sites, more junior mentees, and a
// remote-first success model) from the start of the middle cohort (docs/synthetic-data.md, "Drift").
var baseOptions = new SyntheticOptions(Seed: 8);
var drift = new DriftSpec(DriftKind.Mixed, baseOptions.FirstCohortStart.AddDays(baseOptions.Cohorts / 2 * baseOptions.CohortSpacingDays));
SyntheticOptions generated = baseOptions with { Drift = drift };

// The pair ids of batch rows hold an arrow (mentee_id→mentor_id); the CSV writer's default encoding is ASCII.
var utf8 = new System.Text.UTF8Encoding(false);

// Search candidates of a retraining: the fewest that still let training compare trainers, within the minute.
const int RetrainTrials = 2;

// When the version has no retraining policy of its own, its triggers are weighed against the example policy of
// pipelines/README.md (dataset drift in 2 of the last 3 windows; a realised AUC 0.05 below the test AUC over 200 labels).
var examplePolicy = new RetrainingPolicy(new DatasetDriftTrigger(2, 3), new AucDropTrigger(0.05, 200), null, null, 14, null);

// ── 1. The model to watch ───────────────────────────────────────────────────────────────────────────────────────────
// Read from --registry and never written there: the monitor's reports, alerts and any retrained version go into a
// scratch copy of the model's folder, so the walkthrough can run against a registry that serves.
if (!Directory.Exists(arguments.Registry))
{
    NotebookExit.Stop(NotebookExit.BadInput, $"--registry {arguments.Registry}: no such folder (train a model first: dotnet run --project src/Cli -- train pipelines/{Name}.yaml{RegistryOption()})");
}

var source = new ModelRegistry(arguments.Registry);
if (source.Versions(Name).Count == 0)
{
    var names = source.Names().Where(n => source.Versions(n).Count > 0).ToList();
    NotebookExit.Stop(NotebookExit.BadInput, names.Count == 0
        ? $"--registry {arguments.Registry} is empty: no model has a registered version (train one: dotnet run --project src/Cli -- train pipelines/{Name}.yaml{RegistryOption()})"
        : $"--registry {arguments.Registry} has no registered version of {Name}, the model this walkthrough watches (models here: {string.Join(", ", names)})");
}

int watchedNumber = source.ResolveVersion(ModelReference.Parse(Name));
bool isChampion = source.Aliases(Name).TryGetValue(ModelReference.Champion, out int c) && c == watchedNumber;
ModelVersion watchedSource;
MonitoringSettings? ownSettings;
try
{
    watchedSource = source.Open(Name, watchedNumber);
    ownSettings = MonitoringSettingsFile.Read(watchedSource);
}
catch (RegistryException e)
{
    NotebookExit.Stop(NotebookExit.Problems, $"{Name}:{watchedNumber} cannot be read: {e.Message}");
    return;
}

if (watchedSource.Manifest.Features.State is null || watchedSource.Manifest.Reference is null)
{
    NotebookExit.Stop(NotebookExit.BadInput, $"{Name}:{watchedNumber} was registered without a fitted feature state or a reference profile (an imported version): it cannot score a history, nor be monitored against its training data");
}

// A given history is checked before anything is written: a missing folder or an invalid history stops here.
HistoryLoadResult? given = generate ? null : await LoadHistoryOrStop.RunAsync(arguments.Data);
if (DebugBuild())
{
    Console.WriteLine("note: the projects were built in Debug, where the monitor runs several times slower; dotnet run -c Release notebooks/drift-walkthrough.cs takes well under a minute");
}

// Everything the walkthrough writes goes into a workspace that becomes notebooks/out/drift-walkthrough/ once the page is whole.
string workspace = Path.Combine(Path.GetTempPath(), $"matchmodels-drift-walkthrough-{Guid.NewGuid():N}");
string scratch = Path.Combine(workspace, "registry");
CopyModel(source.ModelDirectory(Name), Path.Combine(scratch, Name));
var registry = new ModelRegistry(scratch);
ModelVersion watched = registry.Open(Name, watchedNumber);
MonitoringSettings settings = ownSettings ?? MonitoringSettings.Default;
PipelineSpec pipeline = PipelineFile.Load(watched.PathOf(watched.Manifest.Pipeline!.File));
double testAuc = watched.Manifest.Metrics.GetValueOrDefault("roc_auc", double.NaN);

var page = new NotebookPage(
    "Drift walkthrough",
    $"{Name}:{watchedNumber} from {arguments.Registry} meets a programme that changes: its predictions are logged cohort by cohort, the monitor compares " +
    "each window with the training data and, once outcomes are known, with what happened, and the retraining policy decides what to do about it.");
page.Cell("The model to watch",
        $"{Name}:{watchedNumber}" + (isChampion ? " is the champion" : " stands in for the champion (no version holds the alias, so the latest is watched)") +
        $", trained on {TrainingPairs(watched.Manifest)} with a test AUC of {Html.Number(testAuc)}. " +
        (ownSettings is null
            ? "It was registered without monitoring settings, so the monitor's defaults apply. "
            : $"Its pipeline's monitoring settings apply: {settings.Window} windows, dataset drift when {Html.Percent(settings.Drift.DriftShare)} of the features drift, " +
              (settings.DomainClassifierThreshold is { } t ? $"multivariate drift above a domain-classifier AUC of {Html.Number(t)}. " : "no domain classifier. ")) +
        (settings.Retraining is null
            ? "Its pipeline has no retraining policy."
            : "Its pipeline has a retraining policy, so the walkthrough ends by running the retraining loop."))
    .Table(new DataFrame(
        new StringDataFrameColumn("setting", ["window", "drift share", "domain classifier threshold", "alert rules", "retraining triggers", "approval"]),
        new StringDataFrameColumn("value", [
            settings.Window.ToString(),
            Html.Percent(settings.Drift.DriftShare),
            settings.DomainClassifierThreshold is { } dc ? Html.Number(dc) : "off",
            string.Join(", ", settings.Alerts.Select(a => a.Name)),
            settings.Retraining is { } own ? PolicyText(own) : "none",
            settings.Retraining is { } p ? (p.RequireApproval ? "a person approves a retrained version" : "promoted when it beats the champion") : "–"])))
    .Note($"Copied into the scratch registry {Path.Combine(arguments.Out, "drift-walkthrough", "registry")}; {arguments.Registry} is not written.");

// ── 2. A history with drift injected ────────────────────────────────────────────────────────────────────────────────
// Without --data the notebook makes the history with the synthetic generator (the notebook is not product code); with
// --data it replays the history given, validated as `data validate` does, and says nothing about how it was made.
string history = generate ? Path.Combine(workspace, "history") : arguments.Data;
if (generate)
{
    await WriteSyntheticHistory.ToDirectoryAsync(GenerateSyntheticHistory.Run(generated), history, TableFormat.Parquet);
}

HistoryLoadResult loaded = given ?? await LoadHistoryOrStop.RunAsync(history);
ProgrammeHistory programme = loaded.History!;
var labels = new LabelRules(pipeline, programme);
var builder = PairFeatureBuilder.For(watched.Manifest.Features.State!);
var cohorts = programme.Pairs.GroupBy(p => p.CohortId).OrderBy(g => g.Min(p => p.MatchedAt)).ThenBy(g => g.Key, StringComparer.Ordinal).ToList();
DateTime? changeAt = generate ? drift.ChangeDate!.Value.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : null;
var observed = cohorts.Select(g => Proportion.Of(g.Count(p => labels.Label(p) == true), g.Count(p => labels.Label(p) is not null))).ToList();
var cohortFrame = new DataFrame(
    new StringDataFrameColumn("cohort", cohorts.Select(g => g.Key)),
    new StringDataFrameColumn("matched", cohorts.Select(g => g.Min(p => p.MatchedAt).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))),
    new Int32DataFrameColumn("pairs", cohorts.Select(g => g.Count())),
    new Int32DataFrameColumn("labelled", observed.Select(o => o.Trials)),
    new StringDataFrameColumn("success", observed.Select(o => $"{Html.Percent(o.Rate)} {Html.PercentInterval(o.Low, o.High)}")));
if (changeAt is { } at0)
{
    cohortFrame.Columns.Add(new StringDataFrameColumn("drift", cohorts.Select(g => g.Min(p => p.MatchedAt) >= at0 ? "yes" : "")));
}

var dataCell = page.Cell("A programme that changes",
    generate
        ? $"A generated history the size of data/sample ({Html.Count(programme.Pairs.Count)} pairs in {cohorts.Count} cohorts, seed {generated.Seed}, so none of its pairs was trained on) " +
          $"with {drift.Kind.ToString().ToLowerInvariant()} drift injected from {drift.ChangeDate:yyyy-MM-dd}: the cohorts from then on bring mentees and mentors from new, distant sites " +
          "and more junior mentees (covariate drift), and what makes a pair succeed changes (concept drift, a remote-first programme). " + ChangeSentence()
        : $"{arguments.Data}: {Html.Count(programme.Pairs.Count)} pairs in {cohorts.Count} cohorts, valid against data/schemas. Whatever changed in it is for the monitor to find. " + ChangeSentence());
dataCell.Table(cohortFrame)
    .Note($"Success is the label of {Name}:{watchedNumber}'s own pipeline; a pair whose outcome later data could still change has none yet. Intervals: 95% Wilson.");

// ── 3. Replay: each cohort scored on its match day, into a prediction log ───────────────────────────────────────────
// The product's own batch path, as `matchmodels predict NAME:V --data DIR --pairs FILE --out FILE --log DIR` runs it:
// each cohort's pairs are scored as of their cut-off with the version's fitted state and appended to the log as
// batch rows, logged at the cohort's match day (the time a programme would score its proposed matches).
string log = Path.Combine(workspace, "log");
string batches = Path.Combine(workspace, "batches");
Directory.CreateDirectory(batches);
var scoredFrames = new List<DataFrame>();
var replay = new List<(string Cohort, DateTime LoggedAt, int Rows, string File)>();
Func<ProgrammeHistory, Func<Pair, bool?>> trainedLabel = h => new LabelRules(pipeline, h).Label;
foreach (var cohort in cohorts)
{
    // The last cut-off of the cohort: every pair of the batch is then scored as of a time at or before the log's.
    DateTime loggedAt = cohort.Max(p => builder.CutOff(p));
    string pairsFile = Path.Combine(batches, $"{cohort.Key}-pairs.csv");
    DataFrame.SaveCsv(new DataFrame(
        new StringDataFrameColumn("pair_id", cohort.Select(p => p.PairId)),
        new StringDataFrameColumn("mentee_id", cohort.Select(p => p.MenteeId)),
        new StringDataFrameColumn("mentor_id", cohort.Select(p => p.MentorId)),
        new StringDataFrameColumn("as_of", cohort.Select(p => Utc(builder.CutOff(p))))), pairsFile, encoding: utf8);
    string output = Path.Combine(batches, $"{cohort.Key}-predictions.csv");
    ScoreHistoryResult result = await ScoreHistory.RunAsync(new ScoreHistoryRequest(watched, history, output, trainedLabel,
        new PairsFileRequest(pairsFile, loggedAt), new BatchLogRequest(log, $"batch-{loggedAt:yyyyMMdd'T'HHmmss'Z'}-{Guid.NewGuid():N}", loggedAt)));
    scoredFrames.Add(DataFrame.LoadCsv(output, dataTypes: [typeof(string), typeof(string), typeof(string), typeof(string), typeof(string), typeof(int), typeof(double), typeof(string)]));
    replay.Add((cohort.Key, loggedAt, result.Pairs, Path.GetRelativePath(workspace, result.LogFiles![0])));
}

// Outcomes as a programme would send them later: the label of each labelled pair, observed when its survey came in
// (or when it ended), keyed by the pair id the log holds for batch rows (mentee_id→mentor_id).
var byId = programme.Pairs.ToDictionary(p => p.PairId, StringComparer.Ordinal);
var surveyed = programme.Outcomes.GroupBy(o => o.PairId).ToDictionary(g => g.Key, g => g.Max(o => o.SurveyedAt), StringComparer.Ordinal);
DateTime extractedAt = LabelRules.DataAsOf(programme);
var labelledPairs = programme.Pairs.Where(p => labels.Label(p) is not null).ToList();
string outcomes = Path.Combine(workspace, "outcomes.csv");
DataFrame.SaveCsv(new DataFrame(
    new StringDataFrameColumn("pair_id", labelledPairs.Select(p => $"{p.MenteeId}→{p.MentorId}")),
    new StringDataFrameColumn("success", labelledPairs.Select(p => labels.Label(p) == true ? "true" : "false")),
    new StringDataFrameColumn("observed_at", labelledPairs.Select(p => Utc(surveyed.TryGetValue(p.PairId, out DateTime s) ? s : p.EndedAt ?? extractedAt)))), outcomes, encoding: utf8);

var meanPredicted = scoredFrames.Select(f => f.Columns["probability"].Cast<double?>().Average() ?? double.NaN).ToList();
page.Cell("Replay: every cohort scored on its match day",
        $"{Html.Count(replay.Sum(r => r.Rows))} pairs scored by {Name}:{watchedNumber} in {replay.Count} batches and logged as batch predictions, one batch a cohort; " +
        $"then {Html.Count(labelledPairs.Count)} outcomes, one for each pair whose label is known. " +
        "The chart sets the mean predicted probability of each cohort beside the success rate it then had. " + CalibrationSentence())
    .Chart(SvgChart.Lines("calibration", "Predicted and observed success by cohort", "Observed: the success rate with its 95% Wilson interval. Predicted: the mean probability logged.",
        "Share of pairs", cohorts.Select(g => g.Key).ToList(),
        [
            new LineSeries("observed", observed.Select(o => o.Trials > 0 ? o.Rate : (double?)null).ToList(), observed.Select(o => o.Trials > 0 ? (o.Low, o.High) : ((double, double)?)null).ToList()),
            new LineSeries("predicted", meanPredicted.Select(m => (double?)m).ToList()),
        ], 0, 1))
    .Table(new DataFrame(
        new StringDataFrameColumn("cohort", replay.Select(r => r.Cohort)),
        new StringDataFrameColumn("logged at (UTC)", replay.Select(r => r.LoggedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))),
        new Int32DataFrameColumn("pairs", replay.Select(r => r.Rows)),
        new DoubleDataFrameColumn("mean predicted", meanPredicted),
        new StringDataFrameColumn("observed success", observed.Select(o => Html.Percent(o.Rate))),
        new StringDataFrameColumn("log file", replay.Select(r => r.File))));

// ── 4. The monitor, window by window ────────────────────────────────────────────────────────────────────────────────
// As `matchmodels monitor NAME:V --log DIR --outcomes FILE` runs it, with the version's own settings: its report goes
// to the scratch registry's monitoring/ folder, where the retraining loop reads it, and its alerts to alerts.jsonl.
MonitorResult monitored;
try
{
    monitored = await new MonitorModelVersion(TimeProvider.System).RunAsync(
        new MonitorRequest(scratch, ModelReference.Parse($"{Name}:{watchedNumber}"), log, outcomes, null, null, null, null));
}
catch (MonitoringEvidenceException e)
{
    Directory.Delete(workspace, recursive: true);
    NotebookExit.Stop(NotebookExit.Problems, $"the monitor could not report on the replayed log: {e.Message}");
    return;
}

MonitoringReport report = monitored.Report;
var windows = report.Windows.Where(w => !w.Empty).ToList();
int emptyWindows = report.Windows.Count - windows.Count;
List<string> features = windows.Count == 0 ? [] : windows[0].DataDrift!.Features.Select(f => f.Feature).ToList();
var datasetDrifted = windows.Where(w => w.DataDrift!.Drifted).ToList();
var predictionDrifted = windows.Where(w => w.PredictionDrift is { Drifted: true }).ToList();
var multivariateDrifted = windows.Where(w => w.Multivariate is { Drifted: true }).ToList();
var windowFrame = new DataFrame(
    new StringDataFrameColumn("window", windows.Select(w => w.Label)),
    new Int32DataFrameColumn("rows", windows.Select(w => w.Rows)),
    new Int32DataFrameColumn("labelled", windows.Select(w => w.Labelled)),
    new StringDataFrameColumn("drifted features", windows.Select(w => $"{w.DataDrift!.DriftedFeatures} of {w.DataDrift.Features.Count}")),
    new StringDataFrameColumn("dataset drift", windows.Select(w => w.DataDrift!.Drifted ? "drift" : "")),
    new StringDataFrameColumn("prediction drift", windows.Select(w => w.PredictionDrift is { } p ? $"{Html.Number(p.Score)} ({p.Method}){(p.Drifted ? " drift" : "")}" : "–")),
    new StringDataFrameColumn("domain classifier AUC", windows.Select(w => w.Multivariate is { } m ? $"{Html.Number(m.Auc)}{(m.Drifted ? " drift" : "")}" : "–")));
page.Cell("What the monitor found, window by window",
        $"{Html.Count(report.Log.Monitored)} logged predictions fell into {windows.Count} {report.Window} windows with rows" + (emptyWindows > 0 ? $" ({emptyWindows} empty windows between cohorts are left out here)" : "") + ". " +
        Findings("Dataset drift", datasetDrifted) + " " + Findings("Prediction drift", predictionDrifted) + " " +
        (windows.Any(w => w.Multivariate is not null) ? Findings("The domain classifier", multivariateDrifted) : "No domain classifier ran.") + " " + MostDrifted() + BeforeDrift())
    .Table(windowFrame)
    .Note($"Reference: {report.Reference.Description}. Outcomes: {Html.Count(report.Outcomes.Read)} read, {Html.Count(report.Outcomes.JoinedRows)} predictions labelled. Report: {Path.Combine(arguments.Out, "drift-walkthrough", Path.GetRelativePath(workspace, monitored.HtmlPath))}.");

// ── 5. The drift heat map ───────────────────────────────────────────────────────────────────────────────────────────
// Each feature's drift score per window, as close to its threshold as it came: vermillion where it drifted, grey
// otherwise, darker the nearer the threshold (for a p-value, threshold / p; for a distance, score / threshold).
var heat = features.Select(f => (IReadOnlyList<HeatCell?>)windows.Select(w => w.DataDrift!.Features.FirstOrDefault(x => x.Feature == f) is { } r && !double.IsNaN(r.Score)
    ? new HeatCell(Closeness(r), r.Drifted, $"{f}, {w.Label}: {r.Method} {Html.Number(r.Score)} (threshold {Html.Number(r.Threshold)}){(r.Drifted ? ", drifted" : "")}")
    : null).ToList()).ToList();
page.Cell("Drift per feature and window",
        $"One row per feature, one column per window with rows. {DriftCounts()}")
    .Chart(SvgChart.HeatMap("heatmap", "Feature drift by window", "Vermillion: drifted. Grey: not, darker the closer to the threshold. Hover a cell for its method, score and threshold.",
        features, windows.Select(w => w.Label).ToList(), heat))
    .Table(FeatureTable());

// ── 6. Realised and estimated AUC over time ─────────────────────────────────────────────────────────────────────────
// The realised AUC needs outcomes; the label-free CBPE estimate needs only the probabilities, and assumes the model
// is still calibrated on the live population (no concept drift). Where they part, that assumption broke.
AlertRule? aucRule = settings.Alerts.FirstOrDefault(r => r.Kind == AlertKind.RealisedAucDrop);
double? aucDelta = aucRule?.Delta;
var aucLines = new List<ReferenceLine> { new("test AUC", testAuc) };
if (aucDelta is { } delta)
{
    aucLines.Add(new ReferenceLine($"alert below", testAuc - delta));
}

page.Cell("Realised and estimated AUC",
        AucSentence())
    .Chart(SvgChart.Lines("auc", "AUC by window", "Realised: on the window's labelled predictions, with its 95% bootstrap interval. Estimated: CBPE, without labels. Dashed: the test AUC" +
            (aucDelta is { } d2 ? $" and the realised_auc_drop alert's line ({Html.Number(d2)} below)." : "."),
        "AUC", windows.Select(w => w.Label).ToList(),
        [
            new LineSeries("realised", windows.Select(w => w.Realised?.Auc.Estimate).ToList(), windows.Select(w => w.Realised is { } r ? (r.Auc.Low, r.Auc.High) : ((double, double)?)null).ToList()),
            new LineSeries("estimated", windows.Select(w => w.Estimated?.Auc).ToList()),
        ], 0.4, 1, aucLines))
    .Table(new DataFrame(
        new StringDataFrameColumn("window", windows.Select(w => w.Label)),
        new Int32DataFrameColumn("labelled", windows.Select(w => w.Labelled)),
        new StringDataFrameColumn("realised AUC [95%]", windows.Select(w => w.Realised is { } r ? Html.NumberInterval(r.Auc.Estimate, r.Auc.Low, r.Auc.High) : "–")),
        new StringDataFrameColumn("estimated AUC", windows.Select(w => Html.Number(w.Estimated?.Auc))),
        new StringDataFrameColumn("base rate [95%]", windows.Select(w => w.Realised is { } r ? Html.NumberInterval(r.BaseRate.Estimate, r.BaseRate.Low, r.BaseRate.High) : "–")),
        new StringDataFrameColumn("Brier [95%]", windows.Select(w => w.Realised is { } r ? Html.NumberInterval(r.Brier.Estimate, r.Brier.Low, r.Brier.High) : "–"))));

// ── 7. The change detectors ─────────────────────────────────────────────────────────────────────────────────────────
// ADWIN and Page–Hinkley read the squared error (p − y)² of the labelled predictions in time order; each alarm says
// where it was detected and where the detector places the change.
var alarms = report.Detectors.Adwin.Select(a => (Detector: "ADWIN", Alarm: a)).Concat(report.Detectors.PageHinkley.Select(a => (Detector: "Page–Hinkley", Alarm: a))).OrderBy(a => a.Alarm.DetectedAt).ToList();
double? testBrier = watched.Manifest.Metrics.TryGetValue("brier", out double b) ? b : null;
var detectorCell = page.Cell("Change detector alarms",
    $"Over {Html.Count(report.Detectors.Values)} squared errors in time order: ADWIN raised {report.Detectors.Adwin.Count} alarm(s), Page–Hinkley {report.Detectors.PageHinkley.Count}. " + AlarmSentence());
detectorCell.Chart(SvgChart.Lines("detectors", "Squared error by window", "The window's Brier score (mean squared error) with its 95% interval; a window marked ⚑ is where a detector raised an alarm. Dashed: the test Brier score.",
        "Brier score", windows.Select(w => alarms.Any(a => a.Alarm.DetectedInWindow == w.Label) ? $"{w.Label} ⚑" : w.Label).ToList(),
        [new LineSeries("Brier", windows.Select(w => w.Realised?.Brier.Estimate).ToList(), windows.Select(w => w.Realised is { } r ? (r.Brier.Low, r.Brier.High) : ((double, double)?)null).ToList())],
        0, 0.5, testBrier is { } tb ? [new ReferenceLine("test Brier", tb)] : []))
    .Table(new DataFrame(
        new StringDataFrameColumn("detector", alarms.Select(a => a.Detector)),
        new Int64DataFrameColumn("detected at (error no.)", alarms.Select(a => a.Alarm.DetectedAt)),
        new StringDataFrameColumn("detected in window", alarms.Select(a => a.Alarm.DetectedInWindow)),
        new Int64DataFrameColumn("change placed at", alarms.Select(a => a.Alarm.ChangeAt)),
        new StringDataFrameColumn("change in window", alarms.Select(a => a.Alarm.ChangeInWindow))));

// ── 8. The alerts the rules raised ──────────────────────────────────────────────────────────────────────────────────
// As `monitor` does after each report: the version's alert rules over every window, each finding recorded once in
// alerts.jsonl (no webhook here).
var alertLog = new AlertLog(Path.Combine(registry.ModelDirectory(Name), MonitorModelVersion.MonitoringFolder));
using (var http = new HttpClient())
{
    await new RaiseAlerts(new DeliverAlerts(http, TimeProvider.System)).RunAsync(report, monitored.Settings.Alerts, alertLog, [], RetryPolicy.Default, report.GeneratedAtUtc, monitored.Folder);
}

IReadOnlyList<Alert> recorded = alertLog.Alerts().Alerts;
var byRule = recorded.GroupBy(a => a.Rule).Select(g => (Rule: g.Key, Count: g.Count(), First: g.MinBy(a => a.WindowStartUtc)!.Window)).ToList();
page.Cell("The alerts",
        recorded.Count == 0
            ? "No rule fired on any window: alerts.jsonl stays empty."
            : $"{recorded.Count} alert(s) recorded in alerts.jsonl: " + string.Join("; ", byRule.Select(r => $"{r.Rule} {r.Count}× (first in {r.First})")) + ". Each is recorded once per rule and window, whoever runs the monitor again.")
    .Table(new DataFrame(
        new StringDataFrameColumn("window", recorded.Select(a => a.Window)),
        new StringDataFrameColumn("rule", recorded.Select(a => a.Rule)),
        new StringDataFrameColumn("summary", recorded.Select(a => a.Summary)),
        new StringDataFrameColumn("id", recorded.Select(a => a.Id[..12]))));

// ── 9. The retraining decision ──────────────────────────────────────────────────────────────────────────────────────
// `matchmodels retrain NAME --data DIR --trials N` in the scratch registry: the champion's policy against the report
// just written. Without a champion or a policy the loop refuses, and the walkthrough weighs the example policy with
// the same trigger function, on the same evidence, to show what it would decide.
RetrainingDecision? decision = null;
string? refusal = null;
try
{
    decision = await new RetrainModel(TimeProvider.System).RunAsync(new RetrainRequest(scratch, Name, history, RetrainTrials));
}
catch (Exception e) when (e is RetrainingRequestException or MonitoringEvidenceException or TrainingException)
{
    refusal = e.Message;
}

RetrainingEvidence? evidence = ReadRetrainingEvidence.Latest(Path.Combine(registry.ModelDirectory(Name), MonitorModelVersion.MonitoringFolder));
IReadOnlyList<TriggerCheck> checks;
string verdictText;
if (decision is not null)
{
    checks = decision.Checks;
    verdictText = $"The loop decided: {decision.Outcome.Replace('_', ' ')}, {decision.Why}" + (decision.Detail is null ? "." : $"; {decision.Detail}.");
}
else
{
    TriggerVerdict verdict = EvaluateTriggers.Run(settings.Retraining ?? examplePolicy, evidence, watchedNumber, watched.Manifest.CreatedAtUtc, null, DateTime.UtcNow);
    checks = verdict.Checks;
    verdictText = $"`matchmodels retrain` refuses here: {refusal}. " +
        (settings.Retraining is null ? $"Under the example policy ({PolicyText(examplePolicy)}) " : "Under its own policy ") +
        $"the same evidence would {(verdict.Triggered ? "trigger a retraining" : "not trigger one")}: {verdict.Why}.";
}

var retrainCell = page.Cell("The retraining decision", verdictText)
    .Table(new DataFrame(
        new StringDataFrameColumn("trigger", checks.Select(x => x.Trigger)),
        new StringDataFrameColumn("fired", checks.Select(x => x.Fired ? "yes" : "no")),
        new StringDataFrameColumn("evidence", checks.Select(x => x.Evidence))));
if (decision is { NewVersion: { } candidate })
{
    var aliases = registry.Aliases(Name);
    ModelVersion retrained = registry.Open(Name, candidate);
    retrainCell.Text($"{Name}:{candidate} was trained on {TrainingPairs(retrained.Manifest)} with {RetrainTrials} search candidates; its test AUC is " +
            $"{Html.Number(retrained.Manifest.Metrics.GetValueOrDefault("roc_auc", double.NaN))} against {Html.Number(testAuc)} for {Name}:{watchedNumber}. " +
            $"Aliases now: {string.Join(", ", aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key} → {a.Value}"))}.")
        .Note(decision.Outcome == RetrainingDecision.AwaitingApproval
            ? $"In a real registry a person now reads its report and decides: matchmodels models approve {Name} {candidate} --reason \"…\" (or models reject)."
            : $"Outcome: {decision.Outcome}.");
}
else if (settings.Retraining is null)
{
    retrainCell.Note($"To run the loop itself, give {Name}'s pipeline a monitoring.retraining section (pipelines/README.md), train and promote it, and point --registry at that registry.");
}

// ── Write the page ──────────────────────────────────────────────────────────────────────────────────────────────────
string written = await page.WriteAsync(arguments.Out, "drift-walkthrough.html", DateTime.UtcNow);
string kept = Path.Combine(arguments.Out, "drift-walkthrough");
if (Directory.Exists(kept))
{
    Directory.Delete(kept, recursive: true);
}

CopyTree(workspace, kept, _ => true);
Directory.Delete(workspace, recursive: true);
Console.WriteLine($"wrote {written} ({page.ChartCount} charts)");

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────────
string RegistryOption() => Path.GetFullPath(arguments.Registry!) == Path.Combine(arguments.RepositoryRoot, "models") ? "" : $" --registry {arguments.Registry}";

// The observed success before and after the change date (generated) or between the first and last cohort (given).
string ChangeSentence()
{
    if (observed.Count < 2)
    {
        return "";
    }

    Proportion before, after;
    string what;
    if (changeAt is { } at)
    {
        var early = cohorts.Select((g, i) => (g, i)).Where(x => x.g.Min(p => p.MatchedAt) < at).Select(x => observed[x.i]).ToList();
        var late = cohorts.Select((g, i) => (g, i)).Where(x => x.g.Min(p => p.MatchedAt) >= at).Select(x => observed[x.i]).ToList();
        before = Proportion.Of(early.Sum(o => o.Successes), early.Sum(o => o.Trials));
        after = Proportion.Of(late.Sum(o => o.Successes), late.Sum(o => o.Trials));
        what = "the drifted cohorts against the ones before";
    }
    else
    {
        before = observed[0];
        after = observed[^1];
        what = "the last cohort against the first";
    }

    if (before.Trials == 0 || after.Trials == 0)
    {
        return "";
    }

    var difference = new ProportionDifference(after, before);
    return $"Success in {what}: {Html.Percent(after.Rate)} against {Html.Percent(before.Rate)}, {Html.Points(difference.Difference)} " +
        $"[{Html.Points(difference.Low)}, {Html.Points(difference.High)}]{(difference.ExcludesZero ? ", an interval that excludes zero" : ", an interval that spans zero")}.";
}

string Findings(string what, IReadOnlyList<WindowReport> flagged) => flagged.Count == 0
    ? $"{what}: in no window."
    : $"{what}: in {flagged.Count} of {windows.Count} windows, first in {flagged[0].Label}" +
      (changeAt is { } at ? (flagged[0].End <= at ? $", before the drift began on {at:yyyy-MM-dd}" : $", the drift having begun on {at:yyyy-MM-dd}") : "") + ".";

// Features that drift in windows before the injected change: what the monitor sees in an unchanged programme.
string BeforeDrift()
{
    if (changeAt is not { } at || windows.Where(w => w.End <= at).ToList() is not { Count: > 0 } early)
    {
        return "";
    }

    var steady = features.Where(f => early.All(w => w.DataDrift!.Features.Any(x => x.Feature == f && x.Drifted))).ToList();
    return steady.Count == 0
        ? " Before the drift began, no feature drifted in every window."
        : $" {string.Join(" and ", steady)} drift in every window before the drift began too: they grow with the programme's own age (a mentor's finished pairings, " +
          "and the record they give), so a single cohort never looks like the training reference, which pools several.";
}

// Where the mean prediction and the observed success of a cohort lie furthest apart, and whether the interval shows it.
string CalibrationSentence()
{
    var gaps = cohorts.Select((g, i) => (Cohort: g.Key, Observed: observed[i], Predicted: meanPredicted[i])).Where(x => x.Observed.Trials > 0).ToList();
    if (gaps.Count == 0)
    {
        return "No cohort has a known outcome yet.";
    }

    var widest = gaps.MaxBy(x => Math.Abs(x.Observed.Rate - x.Predicted));
    var outside = gaps.Where(x => x.Predicted < x.Observed.Low || x.Predicted > x.Observed.High).Select(x => x.Cohort).ToList();
    return $"They lie furthest apart in {widest.Cohort}: {Html.Percent(widest.Predicted)} predicted against {Html.Percent(widest.Observed.Rate)} observed " +
        $"{Html.PercentInterval(widest.Observed.Low, widest.Observed.High)}. " +
        (outside.Count == 0
            ? "Every cohort's mean prediction lies inside its observed interval."
            : $"The mean prediction lies outside the observed interval in {string.Join(", ", outside)}: there the probabilities no longer mean what they did in training.");
}

string MostDrifted()
{
    var often = windows.SelectMany(w => w.DataDrift!.Features.Where(f => f.Drifted).Select(f => f.Feature)).GroupBy(f => f).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(3).ToList();
    return often.Count == 0 ? "No feature drifted in any window." : $"The features drifting most often: {string.Join(", ", often.Select(g => $"{g.Key} ({g.Count()} windows)"))}.";
}

string DriftCounts()
{
    if (windows.Count == 0)
    {
        return "";
    }

    WindowReport most = windows.MaxBy(w => w.DataDrift!.DriftedFeatures)!;
    WindowReport least = windows.MinBy(w => w.DataDrift!.DriftedFeatures)!;
    return $"The most drifted features in one window: {most.DataDrift!.DriftedFeatures} in {most.Label}; the fewest: {least.DataDrift!.DriftedFeatures} in {least.Label}. " +
        $"The dataset counts as drifted at {Html.Percent(settings.Drift.DriftShare)} of {features.Count} features ({(int)Math.Ceiling(settings.Drift.DriftShare * features.Count)}).";
}

// The features that drifted in any window: in how many, and their scores in the first and the last window.
DataFrame FeatureTable()
{
    var drifted = features.Where(f => windows.Any(w => w.DataDrift!.Features.Any(x => x.Feature == f && x.Drifted))).ToList();
    FeatureDriftResult? At(WindowReport w, string f) => w.DataDrift!.Features.FirstOrDefault(x => x.Feature == f);
    return new DataFrame(
        new StringDataFrameColumn("feature", drifted),
        new StringDataFrameColumn("what it measures", drifted.Select(FeaturePhrases.Of)),
        new StringDataFrameColumn("method", drifted.Select(f => At(windows[^1], f)?.Method ?? "")),
        new Int32DataFrameColumn("windows drifted", drifted.Select(f => windows.Count(w => At(w, f)?.Drifted == true))),
        new StringDataFrameColumn($"first window ({windows[0].Label})", drifted.Select(f => Html.Number(At(windows[0], f)?.Score))),
        new StringDataFrameColumn($"last window ({windows[^1].Label})", drifted.Select(f => Html.Number(At(windows[^1], f)?.Score))));
}

string AucSentence()
{
    var labelled = windows.Where(w => w.Realised is not null).ToList();
    if (labelled.Count == 0)
    {
        return "No window has labelled predictions yet, so only the label-free estimate can be drawn.";
    }

    WindowReport worst = labelled.MinBy(w => w.Realised!.Auc.Estimate)!;
    WindowReport widest = labelled.Where(w => w.Estimated is not null).MaxBy(w => w.Estimated!.Auc - w.Realised!.Auc.Estimate) ?? worst;
    string below = worst.Realised!.Auc.High < testAuc
        ? "its whole interval lies below the test AUC"
        : "its interval still reaches the test AUC";
    string gap = widest.Estimated is { } e
        ? $" The estimate and the realised AUC part most in {widest.Label}: {Html.Number(e.Auc)} estimated against {Html.Number(widest.Realised!.Auc.Estimate)} realised, " +
          (e.Auc < widest.Realised.Auc.Low || e.Auc > widest.Realised.Auc.High
              ? "outside the realised interval. CBPE reads only the probabilities and assumes they still mean what they meant in training; when what makes a pair succeed changes (concept drift), it keeps its confidence while the outcomes say otherwise."
              : "inside the realised interval: as far as these labels can tell, the label-free estimate still holds.")
        : "";
    return $"The realised AUC is lowest in {worst.Label}: {Html.NumberInterval(worst.Realised.Auc.Estimate, worst.Realised.Auc.Low, worst.Realised.Auc.High)} on {worst.Labelled} labels, " +
        $"{Html.Number(testAuc - worst.Realised.Auc.Estimate)} below the test AUC of {Html.Number(testAuc)}; {below}." + gap;
}

string AlarmSentence()
{
    if (alarms.Count == 0)
    {
        return report.Detectors.Values == 0 ? "No prediction has an outcome yet, so the detectors had nothing to read." : "The error stream held steady enough for neither to raise an alarm.";
    }

    var first = alarms[0];
    return $"The first: {first.Detector}, detected in {first.Alarm.DetectedInWindow} at error {first.Alarm.DetectedAt}, placing the change at error {first.Alarm.ChangeAt} in {first.Alarm.ChangeInWindow}" +
        (changeAt is { } at ? (first.Alarm.ChangeAtUtc >= at ? $", after the drift began ({at:yyyy-MM-dd})." : $", before the drift began ({at:yyyy-MM-dd}).") : ".");
}

static string TrainingPairs(ModelManifest m) => m.Data.FirstOrDefault(d => d.Table == "pairs") is { } d ? $"{Html.Count(d.Rows)} pairs (sha256 {d.Sha256[..12]})" : "data it does not name";

static string PolicyText(RetrainingPolicy p) => string.Join("; ", new[]
{
    p.DatasetDrift is { } d ? $"dataset drift in {d.Windows} of the last {d.OfLast} windows" : null,
    p.RealisedAucDrop is { } a ? $"realised AUC {a.Delta.ToString(CultureInfo.InvariantCulture)} below the test AUC over {a.MinLabels} labels" : null,
    p.EstimatedAucFloor is { } f ? $"estimated AUC below {f.ToString(CultureInfo.InvariantCulture)}" : null,
    p.EveryDays is { } e ? $"every {e} days" : null,
}.OfType<string>().DefaultIfEmpty("no trigger"));

// How near a feature came to its threshold, 1 at or past it.
static double Closeness(FeatureDriftResult r) => r.Rule == DriftRule.PValueAtMost
    ? (r.Score <= 0 ? 1 : Math.Min(1, r.Threshold / r.Score))
    : (r.Threshold <= 0 ? 1 : Math.Min(1, r.Score / r.Threshold));

// Whether the product's projects run unoptimised (a Debug build: `dotnet run` without -c Release).
static bool DebugBuild() => typeof(MonitorModelVersion).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
    .OfType<System.Diagnostics.DebuggableAttribute>().Any(a => a.IsJITOptimizerDisabled);

static string Utc(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

// The model's folder without what belongs to the registry it serves from: its runs, its monitoring and retraining
// records, versions being written, and lock files.
static void CopyModel(string from, string to) =>
    CopyTree(from, to, path => Path.GetFileName(path) is not ("runs" or "monitoring" or "retraining" or ModelRegistry.StagingFolder) && !path.EndsWith(".lock", StringComparison.Ordinal));

static void CopyTree(string from, string to, Func<string, bool> keep)
{
    Directory.CreateDirectory(to);
    foreach (string file in Directory.GetFiles(from).Where(keep))
    {
        File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }

    foreach (string folder in Directory.GetDirectories(from).Where(keep))
    {
        CopyTree(folder, Path.Combine(to, Path.GetFileName(folder)), keep);
    }
}
