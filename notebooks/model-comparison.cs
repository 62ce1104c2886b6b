// Model comparison: the registered versions of one model side by side.
//
//   dotnet run notebooks/model-comparison.cs [-- --registry DIR] [--model NAME] [--data DIR] [--out DIR]
//
// Reads a model registry (default models/) and writes notebooks/out/model-comparison.html: every version of the model
// (default pair-success) with its ROC and reliability curves on its own test cohorts, the test metrics with their 95%
// bootstrap intervals, what changed in feature importance, the fairness gaps, and the champion's explanations of the
// three test pairs it finds most and least likely to succeed, rebuilt from the history in --data (default
// data/sample). A registry with one version gives a one-version page. See notebooks/README.md.
// File-based apps default to native AOT, which turns off reflection-based JSON; the registry's model.json reader uses it.
#:property PublishAot=false
#:package Microsoft.Data.Analysis
#:project NotebookKit/MatchModels.NotebookKit.csproj
#:project ../src/Core/MatchModels.Core.csproj
#:project ../src/Training/MatchModels.Training.csproj

using System.Globalization;
using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.NotebookKit.Pages;
using MatchModels.NotebookKit.Running;
using MatchModels.Training.Evaluation;
using MatchModels.Training.Fairness;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Registration;
using Microsoft.Data.Analysis;

// ── Arguments ───────────────────────────────────────────────────────────────────────────────────────────────────────
NotebookArguments arguments = NotebookArguments.Parse("model-comparison", args,
    NotebookArguments.RegistryOption, NotebookArguments.ModelOption, NotebookArguments.DataOption, NotebookArguments.OutOption);
string name = arguments.Model!;

// The training command to suggest names the registry only when it is not the default one, models/.
string RegistryOption() => Path.GetFullPath(arguments.Registry!) == Path.Combine(arguments.RepositoryRoot, "models") ? "" : $" --registry {arguments.Registry}";

// ── 1. The versions in the registry ─────────────────────────────────────────────────────────────────────────────────
// Every version is opened through the registry, which checks each file against the digests in its model.json.
if (!Directory.Exists(arguments.Registry))
{
    NotebookExit.Stop(NotebookExit.BadInput, $"--registry {arguments.Registry}: no such folder (train a model first: dotnet run --project src/Cli -- train pipelines/{name}.yaml{RegistryOption()})");
}

var registry = new ModelRegistry(arguments.Registry);
IReadOnlyList<int> numbers = registry.Versions(name);
if (numbers.Count == 0)
{
    // A model whose runs all failed their gates has a folder but no version: it is not one to compare.
    var names = registry.Names().Where(n => registry.Versions(n).Count > 0).ToList();
    NotebookExit.Stop(NotebookExit.BadInput, names.Count == 0
        ? $"--registry {arguments.Registry} is empty: no model has a registered version (train one: dotnet run --project src/Cli -- train pipelines/{name}.yaml{RegistryOption()})"
        : $"model '{name}' has no registered version in {arguments.Registry} (models here: {string.Join(", ", names)}; pick one with --model)");
}

List<ModelVersion> versions = [];
foreach (int number in numbers)
{
    try
    {
        versions.Add(registry.Open(name, number));
    }
    catch (RegistryException e)
    {
        NotebookExit.Stop(NotebookExit.Problems, $"{name}:{number} cannot be read: {e.Message}");
    }
}

IReadOnlyDictionary<string, int> aliases = registry.Aliases(name);
int championNumber = registry.ResolveVersion(ModelReference.Parse(name));
bool hasChampion = aliases.ContainsKey(ModelReference.Champion);
ModelVersion champion = versions.Single(v => v.Manifest.Version == championNumber);
ModelVersion latest = versions[^1];
string AliasesOf(int v) => string.Join(", ", aliases.Where(kv => kv.Value == v).Select(kv => kv.Key));

var page = new NotebookPage(
    $"Model comparison: {name}",
    $"The registered versions of {name} in {arguments.Registry}, each evaluated once on its own held-out test cohorts. Every metric " +
    "and fairness gap carries the 95% bootstrap interval recorded at training.");
page.Cell("The versions",
        (versions.Count == 1
            ? $"One version is registered, so this page shows {name}:{latest.Manifest.Version} on its own; train again to compare two. "
            : $"{versions.Count} versions are registered. ") +
        (hasChampion
            ? $"The champion alias points at version {championNumber}."
            : $"No version is the champion yet, so the latest, version {championNumber}, stands in for it where the page needs one."))
    .Table(new DataFrame(
        new Int32DataFrameColumn("version", versions.Select(v => v.Manifest.Version)),
        new StringDataFrameColumn("aliases", versions.Select(v => AliasesOf(v.Manifest.Version))),
        new StringDataFrameColumn("registered (UTC)", versions.Select(v => v.Manifest.CreatedAtUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))),
        new StringDataFrameColumn("trainer", versions.Select(v => v.Manifest.Trainer ?? v.Manifest.Source)),
        new StringDataFrameColumn("seed", versions.Select(v => v.Manifest.Seed?.ToString(CultureInfo.InvariantCulture) ?? "")),
        new StringDataFrameColumn("gates", versions.Select(v => TrainingReports.Gates(v.Manifest)?.Outcome.ToString().ToLowerInvariant() ?? "")),
        new StringDataFrameColumn("training pairs (sha256)", versions.Select(v => v.Manifest.Data.FirstOrDefault(d => d.Table == "pairs") is { } d ? $"{d.Rows} ({d.Sha256[..12]})" : "")),
        new StringDataFrameColumn("run", versions.Select(v => v.Manifest.Run?.Id ?? ""))));

// ── 2. ROC and reliability curves on each version's test cohorts ────────────────────────────────────────────────────
// Each training run kept its test predictions (pair, cohort, label, probability) in its run folder; the curves are
// drawn from those with Training's own evaluation functions, so they are the curves the run report drew.
// Six versions at most share a chart: one colour each from a colour-blind safe palette.
int charted = Math.Min(versions.Count, SvgChart.Palette.Count);
var shownVersions = versions.TakeLast(charted).ToList();
var tests = new Dictionary<int, TestPredictions>();
var missingTests = new List<string>();
foreach (ModelVersion v in shownVersions)
{
    string? file = TestPredictionsFile(registry, v);
    if (file is null)
    {
        missingTests.Add($"{name}:{v.Manifest.Version}: its run folder has no test-predictions.csv (removed by data retention or erasure, or an imported version)");
        continue;
    }

    DataFrame frame = DataFrame.LoadCsv(file, dataTypes: [typeof(string), typeof(string), typeof(int), typeof(double)]);
    tests[v.Manifest.Version] = new TestPredictions(frame,
        frame.Columns["probability"].Cast<double?>().Select(p => p!.Value).ToArray(),
        frame.Columns["label"].Cast<int?>().Select(l => l == 1).ToArray());
}

var rocs = tests.ToDictionary(kv => kv.Key, kv => BinaryMetrics.RocCurve(kv.Value.Scores, kv.Value.Labels));
const int ReliabilityBins = 10; // the bins of the ECE that model.json reports, so the diagram and the metric agree
var bins = tests.ToDictionary(kv => kv.Key, kv => BinaryMetrics.Reliability(kv.Value.Scores, kv.Value.Labels, ReliabilityBins));
var curves = page.Cell("ROC and reliability curves",
    $"Each version on its own test cohorts ({string.Join("; ", tests.Select(kv => $"v{kv.Key}: {kv.Value.Frame.Rows.Count} pairs in {string.Join(", ", kv.Value.Frame.Columns["cohort_id"].Cast<string>().Distinct())}"))}). " +
    "A curve further up and left ranks better; a reliability curve on the diagonal is calibrated.");
if (versions.Count > charted)
{
    curves.Note($"The latest {charted} of {versions.Count} versions are drawn.");
}

curves.Chart(SvgChart.Curves("roc", "ROC curve", "Dashed: chance. One curve per version.", "False positive rate", "True positive rate",
        rocs.Select(kv => new CurveSeries($"v{kv.Key}", kv.Value.Select(p => (p.FalsePositiveRate, p.TruePositiveRate)).ToList())).ToList(), markers: false))
    .Chart(SvgChart.Curves("reliability", "Reliability diagram", "Dashed: perfect calibration. Points: 10 equal-width bins of predicted probability.",
        "Mean predicted probability", "Observed success rate",
        bins.Select(kv => new CurveSeries($"v{kv.Key}", kv.Value.Select(b => (b.MeanPredicted, b.ObservedRate)).ToList())).ToList(), markers: true));
double[] fprGrid = [0.05, 0.1, 0.2, 0.3, 0.5];
curves.Table(With(
        new DataFrame(
            new StringDataFrameColumn("version", rocs.Keys.Select(v => $"v{v}")),
            new StringDataFrameColumn("test AUC", tests.Select(kv => Html.Number(BinaryMetrics.RocAuc(kv.Value.Scores, kv.Value.Labels))))),
        fprGrid.Select(f => new StringDataFrameColumn($"TPR at FPR {f:0.##}", rocs.Values.Select(c => Html.Number(TprAt(c, f)))))))
    .Table(With(
        new DataFrame(new StringDataFrameColumn("predicted probability", Enumerable.Range(0, ReliabilityBins).Select(b => $"[{b / (double)ReliabilityBins:0.0}, {(b + 1) / (double)ReliabilityBins:0.0})"))),
        bins.Select(kv => new StringDataFrameColumn($"v{kv.Key}: mean predicted → observed (pairs)", Enumerable.Range(0, ReliabilityBins).Select(b =>
            kv.Value.FirstOrDefault(x => (int)Math.Round(x.Lower * ReliabilityBins) == b) is { } bin
                ? $"{Html.Number(bin.MeanPredicted)} → {Html.Number(bin.ObservedRate)} ({bin.Count})"
                : "–")))))
    .List("Not drawn:", missingTests);

// ── 3. Test metrics with their intervals ────────────────────────────────────────────────────────────────────────────
// The latest version is set against the champion, or against the one before it when it is the champion itself.
ModelVersion baseline = hasChampion && championNumber != latest.Manifest.Version ? champion : versions.Count > 1 ? versions[^2] : latest;
// model.json keeps each metric with NAME_ci_low and NAME_ci_high: the seeded percentile bootstrap of the run.
string[] metricNames = ["roc_auc", "pr_auc", "brier", "brier_skill", "log_loss", "ece", "base_rate", "precision", "recall", "f1", "rows"];
var metrics = With(new DataFrame(new StringDataFrameColumn("metric", metricNames)),
    versions.Select(v => new StringDataFrameColumn($"v{v.Manifest.Version}", metricNames.Select(m => MetricText(v.Manifest, m)))));
page.Cell("Test metrics", MetricsSentence(versions, baseline, latest) + " Higher is better for AUC, average precision and Brier skill; lower for Brier, log loss and ECE.")
    .Table(metrics)
    .Note("Each version was tested on the cohorts held out when it was trained; versions trained on different data are compared on different test sets.");

// ── 4. What changed in feature importance ───────────────────────────────────────────────────────────────────────────
// The registry's own comparison (as `models compare` prints it): permutation importance on the test cohorts, ordered
// by the size of the change, the latest version against the same baseline as the metrics.
const int FeaturesCharted = 12;
var importance = page.Cell("Feature importance",
    baseline == latest
        ? $"Permutation importance of {name}:{latest.Manifest.Version} (the drop in test AUC when a feature is shuffled): with one version there is no change to show yet."
        : $"How much each feature's permutation importance (the drop in test AUC when it is shuffled) changed from version {baseline.Manifest.Version} to version {latest.Manifest.Version}; the {FeaturesCharted} largest changes are drawn.");
if (baseline == latest)
{
    var top = latest.Manifest.Importance.OrderByDescending(i => Math.Abs(i.Importance)).ToList();
    importance.Chart(SvgChart.SignedBars("importance", $"Importance in v{latest.Manifest.Version}", "Drop in test AUC when the feature is shuffled.",
            top.Take(FeaturesCharted).Select(i => (i.Feature, i.Importance)).ToList(), x => x.ToString("0.000", CultureInfo.InvariantCulture)))
        .Table(new DataFrame(
            new StringDataFrameColumn("feature", top.Select(i => i.Feature)),
            new StringDataFrameColumn("what it measures", top.Select(i => FeaturePhrases.Of(i.Feature))),
            new DoubleDataFrameColumn($"v{latest.Manifest.Version}", top.Select(i => i.Importance))));
}
else
{
    VersionComparison comparison = CompareModelVersions.Run(registry, name, baseline.Manifest.Version, latest.Manifest.Version);
    importance.Chart(SvgChart.SignedBars("importance", $"Importance change, v{comparison.A} → v{comparison.B}", "Right: the feature matters more in the newer version.",
            comparison.Importance.Where(s => s.Difference is not null).Take(FeaturesCharted).Select(s => (s.Name, s.Difference!.Value)).ToList(),
            x => x.ToString("+0.000;−0.000;0.000", CultureInfo.InvariantCulture)))
        .Table(new DataFrame(
            new StringDataFrameColumn("feature", comparison.Importance.Select(s => s.Name)),
            new StringDataFrameColumn("what it measures", comparison.Importance.Select(s => FeaturePhrases.Of(s.Name))),
            new StringDataFrameColumn($"v{comparison.A}", comparison.Importance.Select(s => Html.Number(s.A))),
            new StringDataFrameColumn($"v{comparison.B}", comparison.Importance.Select(s => Html.Number(s.B))),
            new StringDataFrameColumn("change", comparison.Importance.Select(s => Html.Number(s.Difference)))));
    if (comparison.PipelineDiff.Count > 0)
    {
        importance.Note("The pipelines differ: " + string.Join(" ", comparison.PipelineDiff.Where(l => l.Length > 1 && l[0] is '+' or '-' && !l.StartsWith("+++", StringComparison.Ordinal) && !l.StartsWith("---", StringComparison.Ordinal))));
    }
}

// ── 5. Fairness ─────────────────────────────────────────────────────────────────────────────────────────────────────
// Each version's fairness report: per attribute, the gap between the highest and the lowest group large enough to
// report, with its bootstrap interval. Groups below the pipeline's minimum size have no numbers and are listed.
var reports = versions.Select(v => (Version: v.Manifest.Version, Report: TrainingReports.Fairness(v.Manifest))).Where(x => x.Report is not null).ToList();
// The gaps Fairlearn users know (demographic parity, equalized odds) beside per-group AUC and calibration; the other
// per-group numbers stay in each version's report.html.
FairnessMetric[] gapMetrics = [FairnessMetric.Auc, FairnessMetric.Calibration, FairnessMetric.SelectionRate, FairnessMetric.EqualizedOdds];
var gapKeys = reports.SelectMany(r => r.Report!.Attributes.SelectMany(a => a.Gaps.Where(g => gapMetrics.Contains(g.Metric)).Select(g => (a.Attribute, g.Metric)))).Distinct().ToList();
var fairness = page.Cell("Fairness",
    reports.Count == 0
        ? "No version carries a fairness report (imported versions do not)."
        : $"The gap between the highest and the lowest group of each attribute, per metric (selection_rate is the demographic parity difference), with its 95% interval and the two groups. " +
          $"Groups with fewer than {reports[^1].Report!.MinGroupSize} test pairs are left out of the gaps. The largest AUC gap of the champion: " +
          (TrainingReports.Fairness(champion.Manifest)?.LargestGap(FairnessMetric.Auc) is { } largest
              ? $"{Html.Number(largest.Gap)} {IntervalText(largest.Low, largest.High)} on {largest.Attribute} ({largest.LowGroup} {Html.Number(largest.LowValue)} to {largest.HighGroup} {Html.Number(largest.HighValue)})."
              : "none could be computed."));
fairness.Table(With(
        new DataFrame(
            new StringDataFrameColumn("attribute", gapKeys.Select(k => k.Attribute)),
            new StringDataFrameColumn("metric", gapKeys.Select(k => k.Metric.YamlName))),
        reports.Select(r => new StringDataFrameColumn($"v{r.Version}", gapKeys.Select(k =>
            r.Report!.Attributes.FirstOrDefault(a => a.Attribute == k.Attribute)?.Gap(k.Metric) is { } g
                ? $"{Html.Number(g.Gap)} {IntervalText(g.Low, g.High)} ({g.LowGroup} → {g.HighGroup})"
                : "–")))))
    .List($"Groups too small to report in v{champion.Manifest.Version}:",
        (TrainingReports.Fairness(champion.Manifest)?.Attributes ?? []).SelectMany(a => a.Groups.Where(g => g.TooSmall).Select(g => $"{a.Attribute} = {g.Group}: {g.Count} test pairs")));

// ── 6. The champion explains a few concrete pairs ───────────────────────────────────────────────────────────────────
// The three test pairs the champion scored most and least likely to succeed, rebuilt from the history as of their
// cut-off with the version's fitted feature state, scored by its ONNX graph, and explained as the scoring API's
// explain=true does: each feature's contribution is p(x) − p(x with that feature at its training median).
const int PairsEachEnd = 3, ContributionsShown = 6;
var loaded = await LoadHistoryOrStop.RunAsync(arguments.Data);
ProgrammeHistory history = loaded.History!;
var explain = page.Cell($"The champion explains six test pairs",
    $"{name}:{champion.Manifest.Version}'s {PairsEachEnd} highest and {PairsEachEnd} lowest scored pairs of its test cohorts, each with the {ContributionsShown} features that moved its probability most. " +
    "Right of the axis a feature raised the probability against a typical (median) value; left, it lowered it.");
bool sameData = champion.Manifest.Data.All(d => loaded.Files.Any(f => f.Table == d.Table && f.Sha256 == d.Sha256));
if (!sameData)
{
    explain.Note($"{arguments.Data} is not the data {name}:{champion.Manifest.Version} was trained on (its digests differ): the pairs are rebuilt from {arguments.Data} as it is now.");
}

if (!tests.TryGetValue(champion.Manifest.Version, out TestPredictions? championTest) && TestPredictionsFile(registry, champion) is { } championFile)
{
    DataFrame frame = DataFrame.LoadCsv(championFile, dataTypes: [typeof(string), typeof(string), typeof(int), typeof(double)]);
    championTest = new TestPredictions(frame, frame.Columns["probability"].Cast<double?>().Select(p => p!.Value).ToArray(), frame.Columns["label"].Cast<int?>().Select(l => l == 1).ToArray());
}

if (championTest is null || champion.Manifest.Features.State is null || champion.Manifest.Reference is null)
{
    explain.Note($"{name}:{champion.Manifest.Version} cannot explain pairs here: " +
        (championTest is null ? "its run folder has no test predictions." : "it was registered without a fitted feature state or a reference profile (an imported version)."));
}
else
{
    var byId = history.Pairs.ToDictionary(p => p.PairId, StringComparer.Ordinal);
    var ranked = Enumerable.Range(0, championTest.Scores.Length).OrderByDescending(i => championTest.Scores[i]).ThenBy(i => i).ToList();
    var chosen = ranked.Take(PairsEachEnd).Concat(ranked.TakeLast(PairsEachEnd)).Select(i => (string)championTest.Frame.Columns["pair_id"][i]).ToList();
    using PairScorer scorer = PairScorer.Open(champion);
    var builder = PairFeatureBuilder.For(champion.Manifest.Features.State);
    var index = new PointInTimeHistory(history);
    var labels = new LabelRules(PipelineFile.Parse(File.ReadAllText(champion.PathOf(champion.Manifest.Pipeline!.File)), champion.Manifest.Pipeline.File), history);
    var explained = new List<(Pair Pair, float P, IReadOnlyList<FeatureContribution> Why)>();
    foreach (string pairId in chosen)
    {
        if (!byId.TryGetValue(pairId, out Pair? pair))
        {
            explain.Note($"{pairId} is not in {arguments.Data}.");
            continue;
        }

        float[] row = scorer.Features([index.Snapshot(pair, builder.CutOff(pair), builder.WithEngagement)]);
        float p = scorer.Onnx.Score(row, 1)[0];
        explained.Add((pair, p, scorer.Explain(row, p, ContributionsShown)));
    }

    foreach ((Pair pair, float p, IReadOnlyList<FeatureContribution> why) in explained)
    {
        explain.Chart(SvgChart.SignedBars("explanation", $"{pair.PairId}: p = {p:0.000}", $"Cohort {pair.CohortId}; observed: {Observed(labels.Label(pair))}.",
            why.Select(c => (c.Description, c.Contribution)).ToList(), x => x.ToString("+0.000;−0.000;0.000", CultureInfo.InvariantCulture)));
    }

    explain.Table(new DataFrame(
            new StringDataFrameColumn("pair", explained.Select(e => e.Pair.PairId)),
            new StringDataFrameColumn("cohort", explained.Select(e => e.Pair.CohortId)),
            new StringDataFrameColumn("mentee", explained.Select(e => e.Pair.MenteeId)),
            new StringDataFrameColumn("mentor", explained.Select(e => e.Pair.MentorId)),
            new DoubleDataFrameColumn("probability", explained.Select(e => (double)e.P)),
            new StringDataFrameColumn("observed", explained.Select(e => Observed(labels.Label(e.Pair))))))
        .Table(new DataFrame(
            new StringDataFrameColumn("pair", explained.SelectMany(e => e.Why.Select(_ => e.Pair.PairId))),
            new StringDataFrameColumn("feature", explained.SelectMany(e => e.Why.Select(c => c.Feature))),
            new StringDataFrameColumn("what it measures", explained.SelectMany(e => e.Why.Select(c => c.Description))),
            new DoubleDataFrameColumn("value", explained.SelectMany(e => e.Why.Select(c => c.Value))),
            new DoubleDataFrameColumn("training median", explained.SelectMany(e => e.Why.Select(c => c.Median))),
            new DoubleDataFrameColumn("contribution", explained.SelectMany(e => e.Why.Select(c => c.Contribution)))));
}

// ── Write the page ──────────────────────────────────────────────────────────────────────────────────────────────────
string written = await page.WriteAsync(arguments.Out, "model-comparison.html", DateTime.UtcNow);
Console.WriteLine($"wrote {written} ({page.ChartCount} charts)");

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────────────
// A frame with more columns appended: one per version, when the versions are the columns.
static DataFrame With(DataFrame frame, IEnumerable<DataFrameColumn> columns)
{
    foreach (DataFrameColumn column in columns)
    {
        frame.Columns.Add(column);
    }

    return frame;
}

// The run folder the manifest names, or the same run id under this registry when the registry was moved.
static string? TestPredictionsFile(ModelRegistry registry, ModelVersion v)
{
    if (v.Manifest.Run is not { } run)
    {
        return null;
    }

    return new[] { run.Path, Path.Combine(registry.ModelDirectory(v.Manifest.Name), TrainingRuns.Folder, run.Id) }
        .Select(folder => Path.Combine(folder, "test-predictions.csv"))
        .FirstOrDefault(File.Exists);
}

// The true positive rate the curve reaches at a false positive rate of at most `fpr`.
static double TprAt(IReadOnlyList<RocPoint> curve, double fpr) =>
    curve.Where(p => p.FalsePositiveRate <= fpr).Select(p => p.TruePositiveRate).DefaultIfEmpty(0).Max();

static string MetricText(ModelManifest m, string metric) => !m.Metrics.TryGetValue(metric, out double value)
    ? "–"
    : metric == "rows"
        ? Html.Count((long)value)
        : Html.NumberInterval(value,
            m.Metrics.TryGetValue(metric + TrainingReports.LowSuffix, out double low) ? low : null,
            m.Metrics.TryGetValue(metric + TrainingReports.HighSuffix, out double high) ? high : null);

static string IntervalText(double? low, double? high) => low is { } l && high is { } h ? $"[{Html.Number(l)}, {Html.Number(h)}]" : "";

static string Observed(bool? label) => label switch { true => "succeeded", false => "did not succeed", null => "not known yet" };

// Whether the newest version's AUC interval clears the baseline's, overlaps it, or falls below it.
static string MetricsSentence(IReadOnlyList<ModelVersion> versions, ModelVersion baseline, ModelVersion latest)
{
    static (double Value, double Low, double High)? Auc(ModelManifest m) =>
        m.Metrics.TryGetValue("roc_auc", out double v) && m.Metrics.TryGetValue("roc_auc" + TrainingReports.LowSuffix, out double l) && m.Metrics.TryGetValue("roc_auc" + TrainingReports.HighSuffix, out double h)
            ? (v, l, h)
            : null;
    ModelManifest best = versions.Select(v => v.Manifest).MaxBy(m => m.Metrics.GetValueOrDefault("roc_auc", double.NaN))!;
    string bestText = $"Version {best.Version} has the highest test AUC ({Html.Number(best.Metrics.GetValueOrDefault("roc_auc", double.NaN))}).";
    if (versions.Count == 1 || baseline == latest || Auc(baseline.Manifest) is not { } c || Auc(latest.Manifest) is not { } n)
    {
        return bestText;
    }

    string verdict = n.Low > c.High ? "lies wholly above" : n.High < c.Low ? "lies wholly below" : "overlaps";
    return $"{bestText} Version {latest.Manifest.Version}'s AUC interval [{Html.Number(n.Low)}, {Html.Number(n.High)}] {verdict} version {baseline.Manifest.Version}'s [{Html.Number(c.Low)}, {Html.Number(c.High)}].";
}

/// <summary>A run's test-predictions.csv as a DataFrame, with its scores and labels as arrays for the evaluation functions.</summary>
internal sealed record TestPredictions(DataFrame Frame, double[] Scores, bool[] Labels);
