using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MatchModels.Core.Columns;
using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Registry;
using MatchModels.Training.Evaluation;
using MatchModels.Training.Fairness;

using MatchModels.Training.Gates;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Registration;
using MatchModels.Training.Reports;
using MatchModels.Training.Runs;
using MatchModels.Training.Search;
using MatchModels.Training.Splits;
using MatchModels.Training.Trainers;
using Microsoft.ML;

namespace MatchModels.Training;

/// <summary>What <c>matchmodels train</c> was asked: the pipeline file and the command-line overrides.</summary>
/// <remarks>Alias: point this alias at the new version when it is registered. Register: false only records the run.</remarks>
public sealed record TrainRequest(
    string PipelinePath, string Registry, string? Data = null, int? Seed = null, double? BudgetSeconds = null, int? Trials = null, string? Alias = null, bool Register = true);

/// <summary>A finished run: its record (also in run.json), where it was written, and the final model.</summary>
public sealed record TrainResult(RunRecord Record, string RunDirectory, TrainedModel Model);

/// <summary>Progress for a live display: a stage name, and the search's own progress while it runs.</summary>
public sealed record TrainProgress(string Stage, SearchProgress? Search = null);

/// <summary>
/// Runs a training pipeline end to end: load and validate the data, label, split by time and by group,
/// build point-in-time features (fitted on training rows only), search for a model within the budget,
/// calibrate on out-of-fold predictions, evaluate once on the held-out cohorts, and record everything in
/// a run folder, including when the run fails.
/// </summary>
public sealed class TrainPipeline(TimeProvider clock)
{
    /// <summary>Shuffles per feature for permutation importance: enough for a stable order, cheap on the test set.</summary>
    public const int ImportanceRepeats = 3;

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static JsonSerializerOptions Json => s_json;

    public async Task<TrainResult> RunAsync(TrainRequest request, IProgress<TrainProgress>? progress = null, CancellationToken ct = default)
    {
        PipelineSpec spec = WithOverrides(PipelineFile.Load(request.PipelinePath), request);
        string dataDir = ResolveData(spec.Data, request.PipelinePath);
        using RunDirectory run = RunDirectory.Create(request.Registry, spec.Name, clock.GetUtcNow());
        var timings = new SortedDictionary<string, double>(StringComparer.Ordinal);
        var record = new RunRecord(
            run.Id, "running", null, spec.Name, Path.GetFullPath(request.PipelinePath), spec.Digest, spec.Task.YamlName, spec.Seed,
            Path.GetFullPath(dataDir), [], Provenance.GitCommit(Path.GetDirectoryName(Path.GetFullPath(request.PipelinePath))!),
            Provenance.PackageVersions(), clock.GetUtcNow().UtcDateTime, null, timings, null, null, spec.Features, spec.AuditFeatures,
            null, null, null, null, null, null, null, null, []);
        run.WriteText("pipeline.yaml", spec.ToYaml());
        try
        {
            (record, TrainedModel model) = await TrainAsync(spec, request, dataDir, run, record, timings, progress, ct);
            record = record with { Status = "succeeded", FinishedAtUtc = clock.GetUtcNow().UtcDateTime };
            WriteRecord(run, record);
            return new TrainResult(record, run.Path, model);
        }
        catch (Exception e) when (e is TrainingException or OperationCanceledException)
        {
            record = (e as TrainingException)?.Record ?? record;
            record = record with { Status = e is OperationCanceledException ? "cancelled" : "failed", Error = e.Message, FinishedAtUtc = clock.GetUtcNow().UtcDateTime };
            WriteRecord(run, record);
            throw;
        }
    }

    private static void WriteRecord(RunDirectory run, RunRecord record)
    {
        run.WriteText("run.json", JsonSerializer.Serialize(record, s_json));
        run.WriteText("status.json", JsonSerializer.Serialize(new { status = record.Status, error = record.Error }, s_json));
    }

    private async Task<(RunRecord, TrainedModel)> TrainAsync(
        PipelineSpec spec, TrainRequest request, string dataDir, RunDirectory run, RunRecord record, SortedDictionary<string, double> timings, IProgress<TrainProgress>? progress, CancellationToken ct)
    {
        var stage = Stopwatch.StartNew();
        void Done(string name)
        {
            timings[name] = Math.Round(stage.Elapsed.TotalSeconds, 3);
            stage.Restart();
        }

        progress?.Report(new TrainProgress("loading and validating data"));
        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(dataDir, spec.Columns, ct);
        record = record with { DataFiles = loaded.Files.Select(f => new DataFileDigest(f.Table, Path.GetFileName(f.Path), f.Bytes, f.Rows, f.Sha256)).ToList() };
        if (!loaded.Ok)
        {
            string first = string.Join("; ", loaded.Problems.Take(3).Select(p => p.Message));
            throw new TrainingException($"data folder {dataDir} failed validation with {loaded.ProblemCount} problem(s), nothing was trained; first: {first}. Run 'matchmodels data validate {dataDir}' for the full list");
        }

        ProgrammeHistory history = loaded.History!;
        Done("load");

        progress?.Report(new TrainProgress("labelling and splitting"));
        var missing = LabelRules.MissingInputs(spec.Label, history);
        if (missing.Count > 0)
        {
            throw new TrainingException("the label rule cannot be computed from this data: " + string.Join("; ", missing));
        }

        LabelledPairs labelled = new LabelRules(spec, history).Apply();
        var pairs = labelled.Rows.Select(r => r.Pair).ToList();
        bool[] labels = labelled.Rows.Select(r => r.Label).ToArray();
        IReadOnlyList<LabelCount> labelCounts = LabelDiagnostics.Count(labelled, spec.Label);
        record = record with { Labels = labelled.Summary(), LabelCounts = labelCounts };
        foreach (LabelCount count in labelCounts)
        {
            progress?.Report(new TrainProgress("labels: " + count.Message));
        }

        if (pairs.Count == 0)
        {
            throw new TrainingException($"no pair has a known label: {labelled.Summary()}") { Record = record };
        }

        TemporalSplit split = TemporalHoldout.Split(pairs, spec.Split.TestCohorts);
        int[] train = [.. split.Train];
        int[] test = [.. split.Test];
        FoldAssignment folds = GroupFolds.Assign(train.Select(i => pairs[i]).ToList(), spec.Split.Folds, spec.Seed);
        var foldParts = Enumerable.Range(0, spec.Split.Folds)
            .Select(f => Part(FoldName(f), folds.Rows(f, inFold: true).Select(i => labels[train[i]]).ToArray()))
            .ToList();
        SplitSummary splitSummary = new(split.TrainCohorts, split.TestCohorts, Part("train", train.Select(i => labels[i]).ToArray()),
            Part("test", test.Select(i => labels[i]).ToArray()), foldParts, folds.Groups, folds.LargestGroupShare);
        record = record with { Split = splitSummary };
        // A split's rows are gathered only when a refusal has to say why that split is one-sided.
        LabelledPair[] RowsOf(string part) => part switch
        {
            "train" => [.. train.Select(i => labelled.Rows[i])],
            "test" => [.. test.Select(i => labelled.Rows[i])],
            _ => [.. folds.Rows(Enumerable.Range(0, spec.Split.Folds).First(f => FoldName(f) == part), inFold: true).Select(i => labelled.Rows[train[i]])],
        };

        RequireBothClasses(splitSummary, spec.Split.MinPositives, RowsOf, spec.Label, record);
        Done("labels_and_split");

        progress?.Report(new TrainProgress("building point-in-time features"));
        var index = new PointInTimeHistory(history);
        PairFeatureBuilder builder = spec.FeatureBuilder;
        IReadOnlyList<PairSnapshot> snapshots = builder.Snapshots(index, pairs);

        // Which features the history can feed and which fields get a fill, decided once on the training cohorts so
        // every fold has the same columns (ADR 0022); the test cohorts play no part.
        OmitAbsentFeatures plan = OmitAbsentFeatures.Decide(builder, spec.BuilderFeatures, [.. train.Select(i => snapshots[i])]);
        record = record with
        {
            Features = [.. spec.Features.Where(f => !plan.Omitted.Any(o => o.Features.Contains(f)))],
            OmittedFeatures = plan.Omitted.Count == 0 ? null : plan.Omitted,
        };
        (FeatureLayout Layout, FittedFeatureState State) FitOn(IEnumerable<int> rows)
        {
            var training = rows.Select(i => snapshots[i]).ToList();
            AuditFeatureEncoding audit = spec.AuditFeatures.Count == 0
                ? AuditFeatureEncoding.None
                : AuditFeatureEncoding.Fit(spec.AuditFeatures, training.Select(s => (s.Mentee, s.Mentor)));
            CustomFeatureEncoding custom = CustomFeatureEncoding.Fit(spec.Columns, training.SelectMany(s => new[] { s.Mentee, s.Mentor }));
            ProfileTreatment? profile = plan.Fit(training);
            FittedFeatureState state = builder.Fit(training) with { Custom = spec.Columns.Count == 0 ? null : custom, Profile = profile };
            return (new FeatureLayout(builder, plan.Kept, audit, custom, profile), state);
        }

        float[] Matrix((FeatureLayout Layout, FittedFeatureState State) fitted, IEnumerable<int> rows) =>
            fitted.Layout.Build(rows.Select(i => snapshots[i]).ToList(), fitted.State);

        var foldData = new List<FoldData>();
        for (int f = 0; f < spec.Split.Folds; f++)
        {
            int[] fit = folds.Rows(f, inFold: false).Select(i => train[i]).ToArray();
            int[] valid = folds.Rows(f, inFold: true).Select(i => train[i]).ToArray();
            var fitted = FitOn(fit);
            foldData.Add(new FoldData(Matrix(fitted, fit), fit.Select(i => labels[i]).ToArray(), Matrix(fitted, valid), valid.Select(i => labels[i]).ToArray(), valid));
        }

        var final = FitOn(train);
        record = record with
        {
            DeclaredFeatures = spec.Columns.Count == 0 ? null : final.Layout.Custom!.Names,
            MissingIndicators = final.State.Profile is { Width: > 0 } treatment ? treatment.IndicatorNames : null,
        };
        int width = final.Layout.Width;
        if (width == 0)
        {
            throw new TrainingException($"no feature is left: every feature the pipeline lists reads a field this history lacks ({string.Join("; ", plan.Omitted.Select(o => o.Message))}). Nothing was trained") { Record = record };
        }

        float[] trainX = Matrix(final, train), testX = Matrix(final, test);
        bool[] trainY = train.Select(i => labels[i]).ToArray(), testY = test.Select(i => labels[i]).ToArray();
        Done("features");

        progress?.Report(new TrainProgress("searching"));
        SearchBudget budget = spec.Search.Trials is { } trials ? SearchBudget.OfTrials(trials) : SearchBudget.OfTime(TimeSpan.FromSeconds(spec.Search.BudgetSeconds!.Value));
        var search = new RandomSearchWithHalving(spec.Search.Trainers, MetricFor(spec.Search.Metric), spec.Seed, clock, Math.Max(1, Environment.ProcessorCount));
        SearchResult found = search.Run(foldData, width, budget, new SynchronousProgress<SearchProgress>(p => progress?.Report(new TrainProgress("searching", p))), ct);
        Done("search");

        progress?.Report(new TrainProgress("fitting the chosen model on all training cohorts"));
        PlattCalibration platt = PlattCalibration.Fit(found.OutOfFoldScores, found.OutOfFoldLabels);
        double[] oofProbabilities = found.OutOfFoldScores.Select(platt.Apply).ToArray();
        double threshold = BinaryMetrics.ChooseThreshold(oofProbabilities, found.OutOfFoldLabels);
        TrainerKind kind = TrainerKindNames.TryParse(found.Chosen.Trainer, out TrainerKind k)
            ? k
            : throw new InvalidOperationException($"the search chose an unknown trainer '{found.Chosen.Trainer}'");
        var ml = new MLContext(spec.Seed);
        RawScorer scorer = FitCandidate.Run(ml, kind, found.Chosen.Hyperparameters, trainX, train.Length, width, trainY, spec.Seed);
        var model = new TrainedModel(spec.Task, kind, found.Chosen.Hyperparameters, final.Layout.Names, final.State, final.Layout.Audit, scorer, platt, threshold);
        Done("final_fit");

        progress?.Report(new TrainProgress("evaluating on the held-out cohorts"));
        double[] testP = model.Probabilities(ml, testX, test.Length);
        EvaluationMetrics metrics = EvaluateScores.Run(testP, testY, threshold);
        (EvaluationMetrics? oracle, double[]? oracleP) = await OracleAsync(spec, dataDir, pairs, train, test, trainY, testY, ct);
        SkillAssessment verdict = ModelSkill.Assess(metrics);
        IReadOnlyList<FeatureImportance> importance = PermutationImportance.Run(
            testX, test.Length, final.Layout.Names, testY, (x, n) => model.Probabilities(ml, x, n), ImportanceRepeats, spec.Seed);
        Done("evaluation");

        progress?.Report(new TrainProgress("bootstrapping intervals and weighing the gates"));
        // One resampler for the metrics and the fairness gaps: the same seed draws the same rows for both.
        var bootstrap = new StratifiedBootstrap(testY, spec.Seed);
        MetricIntervals intervals = BootstrapTestMetrics.Run(testP, testY, oracleP, bootstrap);
        FairnessReport fairness = AssessFairness.Run(FairnessInputs(spec, test.Select(i => snapshots[i]).ToList()), testP, testY, spec.Fairness.MinGroupSize, threshold, bootstrap);
        var registry = new ModelRegistry(request.Registry);
        GateResult gates = CheckGates.Run(spec.Gates, spec.Search.Metric, metrics, intervals, fairness, ChampionMetric(registry, spec));
        Done("intervals_and_gates");

        var warnings = Warnings(spec, splitSummary, metrics, oracle, verdict).ToList();
        record = record with
        {
            Search = new SearchSummary(spec.Search.Metric.YamlName, budget.Trials is { } t ? $"{t} trials" : $"{budget.Time!.Value.TotalSeconds:0} s",
                Math.Round(found.Elapsed.TotalSeconds, 2), found.StopReason, found.Leaderboard.Count, found.Leaderboard.Count(e => e.Status == "complete"), found.Leaderboard),
            Chosen = new ChosenModel(found.Chosen.Trainer, found.Chosen.Hyperparameters, found.Chosen.CvMetric, found.Chosen.CvStd, platt.A, platt.B, threshold),
            Test = metrics,
            Oracle = oracle,
            Verdict = verdict.Sentence,
            Importance = importance,
            Fairness = fairness,
            Gates = gates,
            Warnings = warnings,
            Intervals = intervals,
        };

        progress?.Report(new TrainProgress("writing the run record and report"));
        run.WriteText("leaderboard.json", JsonSerializer.Serialize(found.Leaderboard, s_json));
        run.WriteText("metrics.json", JsonSerializer.Serialize(new { test = metrics, intervals, oracle, threshold, verdict = verdict.Sentence, gates, fairness }, s_json));
        run.WriteText("test-predictions.csv", PredictionsCsv(test.Select(i => pairs[i]).ToList(), testY, testP));
        var reference = FeatureReference.Compute(final.Layout.Names, trainX, train.Length);
        model.Save(run.PathOf("model"), ml, testX, reference);
        run.WriteBytes(Path.Combine("model", TrainingLineage.FileName),
            TrainingLineage.Write(TrainingLineage.Salt(request.Registry), train.SelectMany(i => new[] { pairs[i].MenteeId, pairs[i].MentorId })));
        await ReferenceSample.Draw(final.Layout.Names, trainX, train.Length, oofProbabilities, found.OutOfFoldLabels, spec.Seed).WriteAsync(run.PathOf("model"), ct);
        await WriteRunReport.ToFileAsync(ReportInput(spec, run, record, metrics, oracle, testP, testY, importance, fairness, found, warnings, intervals, gates), run.PathOf("report.html"), ct);
        Done("report");

        progress?.Report(new TrainProgress("exporting to ONNX and registering"));
        record = record with { Registration = Register(registry, spec, request, model, ml, testX, test.Length, reference, record, run) };
        Done("registration");
        return (record, model);
    }

    /// <summary>Registers the model when the gates passed and registration was asked for; a failed export is recorded, not thrown, so the run keeps its evaluation.</summary>
    private RegistrationOutcome Register(
        ModelRegistry registry, PipelineSpec spec, TrainRequest request, TrainedModel model, MLContext ml, float[] testX, int rows, FeatureReference reference, RunRecord record, RunDirectory run)
    {
        if (!request.Register)
        {
            return new RegistrationOutcome(RegistrationOutcome.Skipped, null, null, "registration was not requested (--no-register)", null);
        }

        if (record.Gates!.Outcome == GateOutcome.Fail)
        {
            return new RegistrationOutcome(RegistrationOutcome.GatesFailed, null, null, $"not registered: the gates failed ({record.Gates.FailedSummary()})", null);
        }

        // An inconclusive version is registered, so a person can look at it, score with it and promote it; it is never
        // pointed at an alias here, since the evidence did not decide.
        bool awaitsReview = record.Gates.Outcome == GateOutcome.Inconclusive;
        string? alias = awaitsReview ? null : request.Alias;
        try
        {
            ModelVersion version = RegisterTrainedModel.Run(registry, clock, spec.Name, model, ml, testX, rows, reference, record, run.Path, spec.ToYaml(), run.PathOf("report.html"), alias);
            int v = version.Manifest.Version;
            string detail = awaitsReview
                ? $"registered as {spec.Name}:{v}, not promoted: gates inconclusive, a person decides (matchmodels models promote {spec.Name} {v} --reason \"…\")"
                : $"registered as {spec.Name}:{v}{(alias is { } a ? $", {a} now points at it" : "")}";
            return new RegistrationOutcome(RegistrationOutcome.Registered, v, alias, detail, version.Manifest.Parity, awaitsReview);
        }
        catch (Exception e) when (e is TrainingException or RegistryException)
        {
            return new RegistrationOutcome(RegistrationOutcome.Failed, null, null, e.Message, null);
        }
    }

    /// <summary>The current champion's test value of the selection metric, for the min_improvement gate; null when there is none to beat.</summary>
    private static double? ChampionMetric(ModelRegistry registry, PipelineSpec spec)
    {
        try
        {
            return PromoteWithGates.HolderMetric(registry, spec.Name, ModelReference.Champion, spec.Search.Metric, exceptVersion: null);
        }
        catch (RegistryException e)
        {
            throw new TrainingException($"the current champion of {spec.Name} cannot be read to check min_improvement: {e.Message}");
        }
    }

    private static SplitPart Part(string name, bool[] y)
    {
        int positives = y.Count(v => v);
        return new SplitPart(name, y.Length, positives, y.Length == 0 ? 0 : Math.Round((double)positives / y.Length, 4));
    }

    /// <summary>
    /// Refuses to train when any split is too lopsided to evaluate: the numbers it would give mean nothing. When a label
    /// reason that suggests missing data is behind it, the refusal names that reason rather than the split.
    /// </summary>
    private static void RequireBothClasses(
        SplitSummary split, int minimum, Func<string, LabelledPair[]> rowsOf, LabelSpec rule, RunRecord record)
    {
        foreach (SplitPart part in new[] { split.Train, split.Test }.Concat(split.Folds))
        {
            int negatives = part.Rows - part.Positives;
            if (part.Positives < minimum || negatives < minimum)
            {
                string where = part.Name == "test" ? $"the test split (cohorts {string.Join(", ", split.TestCohorts)})" : $"the {part.Name} split";
                LabelledPair[] rows = rowsOf(part.Name);
                string message = LabelDiagnostics.DataGapBehind(rows, rule) is { } gap
                    ? $"the labels are one-sided because of the data, not the split: {gap}. {Capitalised(where)} has {part.Rows} rows with {part.Positives} positive and {negatives} negative; at least {minimum} of each are needed (split.min_positives). Nothing was trained"
                    : $"{where} has {part.Rows} rows with {part.Positives} positive and {negatives} negative ({LabelDiagnostics.Breakdown(rows)}); at least {minimum} of each are needed to evaluate (split.min_positives). Use fewer folds or test cohorts, or more data";
                throw new TrainingException(message) { Record = record };
            }
        }
    }

    private static string FoldName(int fold) => $"fold {fold + 1}";

    private static string Capitalised(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    private static SearchMetric MetricFor(SelectionMetric metric) => metric switch
    {
        SelectionMetric.Auc => new("auc", (p, y) => BinaryMetrics.RocAuc(p, y), HigherIsBetter: true),
        SelectionMetric.PrAuc => new("pr_auc", (p, y) => BinaryMetrics.AveragePrecision(p, y), HigherIsBetter: true),
        SelectionMetric.LogLoss => new("log_loss", (p, y) => BinaryMetrics.LogLoss(p, y), HigherIsBetter: false),
        _ => new("brier", (p, y) => BinaryMetrics.Brier(p, y), HigherIsBetter: false),
    };

    /// <summary>The generator's truth for the same test rows, when the data carries one, with a threshold chosen on the training rows; and the truth itself.</summary>
    private static async Task<(EvaluationMetrics? Metrics, double[]? Scores)> OracleAsync(PipelineSpec spec, string dataDir, List<Pair> pairs, int[] train, int[] test, bool[] trainY, bool[] testY, CancellationToken ct)
    {
        string column = spec.Task == PipelineTask.PairSuccess ? "p_success" : "p_dropout";
        IReadOnlyDictionary<string, double>? truth = await GroundTruthScores.LoadAsync(dataDir, column, ct);
        if (truth is null || train.Concat(test).Any(i => !truth.ContainsKey(pairs[i].PairId)))
        {
            return (null, null);
        }

        double[] trainTruth = train.Select(i => truth[pairs[i].PairId]).ToArray();
        double threshold = BinaryMetrics.ChooseThreshold(trainTruth, trainY);
        double[] testTruth = test.Select(i => truth[pairs[i].PairId]).ToArray();
        return (EvaluateScores.Run(testTruth, testY, threshold), testTruth);
    }

    private static IReadOnlyList<FairnessAttributeInput> FairnessInputs(PipelineSpec spec, IReadOnlyList<PairSnapshot> rows)
    {
        var inputs = new List<FairnessAttributeInput>();
        foreach (string attribute in spec.Fairness.Attributes)
        {
            bool audit = spec.IsAuditAttribute(attribute);
            DeclaredColumn? declared = spec.Columns.FirstOrDefault(c => c.Name == attribute);
            foreach (string role in (string[])["mentee", "mentor"])
            {
                string? GroupOf(PairSnapshot s)
                {
                    Participant p = role == "mentee" ? s.Mentee : s.Mentor;
                    return declared is null ? ParticipantGrouping.Of(p, attribute) : CustomFeatureEncoding.GroupOf(p, declared);
                }

                inputs.Add(new FairnessAttributeInput($"{role} {attribute}", audit, rows.Select(GroupOf).ToArray()));
            }
        }

        return inputs;
    }

    private static IEnumerable<string> Warnings(PipelineSpec spec, SplitSummary split, EvaluationMetrics test, EvaluationMetrics? oracle, SkillAssessment verdict)
    {
        if (spec.AuditFeatures.Count > 0)
        {
            yield return $"audit-only attributes are used as features ({string.Join(", ", spec.AuditFeatures)}), as allowed by allow_audit_features: check that this is lawful and intended";
        }

        if (verdict.Verdict != SkillVerdict.Useful)
        {
            yield return verdict.Sentence;
        }

        if (split.LargestGroupShare > 1.0 / Math.Max(2, spec.Split.Folds))
        {
            yield return $"one connected group of mentors and mentees holds {split.LargestGroupShare:P0} of the training rows, so the cross-validation folds are uneven";
        }

        if (oracle is not null && test.RocAuc < 0.97 * oracle.RocAuc)
        {
            yield return $"test AUC {test.RocAuc:0.###} is below 97% of the oracle's {oracle.RocAuc:0.###}";
        }
    }

    private static string PredictionsCsv(List<Pair> pairs, bool[] y, double[] p)
    {
        var sb = new System.Text.StringBuilder("pair_id,cohort_id,label,probability\n");
        for (int i = 0; i < pairs.Count; i++)
        {
            sb.Append(pairs[i].PairId).Append(',').Append(pairs[i].CohortId).Append(',').Append(y[i] ? '1' : '0').Append(',')
                .Append(p[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        }

        return sb.ToString();
    }

    private static RunReportInput ReportInput(
        PipelineSpec spec, RunDirectory run, RunRecord record, EvaluationMetrics metrics, EvaluationMetrics? oracle, double[] testP, bool[] testY,
        IReadOnlyList<FeatureImportance> importance, FairnessReport fairness, SearchResult found, IReadOnlyList<string> warnings, MetricIntervals intervals, GateResult gates)
    {
        var rows = new List<KeyValuePair<string, string>>
        {
            new("run", run.Id),
            new("task", spec.Task.YamlName),
            new("seed", spec.Seed.ToString(CultureInfo.InvariantCulture)),
            new("pipeline digest", spec.Digest),
            new("git commit", record.GitCommit ?? "(not a git checkout)"),
            new("labels", record.Labels ?? ""),
            new("train cohorts", string.Join(", ", record.Split!.TrainCohorts)),
            new("test cohorts", string.Join(", ", record.Split.TestCohorts)),
            new("chosen", $"{found.Chosen.Trainer} ({TrainerCatalog.Describe(found.Chosen.Hyperparameters)})"),
            new("decision threshold", $"{record.Chosen!.Threshold:0.###} (max F1 on out-of-fold predictions)"),
            new("search", $"{record.Search!.Candidates} candidates, {record.Search.Complete} complete, {record.Search.Seconds:0.#} s; {found.StopReason}"),
            new("gates", WeighEvidence.Word(gates.Outcome)),
            new("intervals", $"{intervals.Method}, {intervals.Resamples:N0} resamples, seed {intervals.Seed}"),
        };
        rows.AddRange(record.DataFiles.Select(f => new KeyValuePair<string, string>($"data {f.Table}", $"{f.File}, {f.Rows:N0} rows, sha256 {f.Sha256}")));
        return new RunReportInput($"{spec.Name}: training run {run.Id}", spec.Name, record.StartedAtUtc, rows, spec.Search.Metric.YamlName,
            metrics, oracle, testP, testY, importance, fairness, found.Leaderboard, warnings, intervals, gates);
    }

    private static PipelineSpec WithOverrides(PipelineSpec spec, TrainRequest request)
    {
        spec = spec with { Data = request.Data ?? spec.Data, Seed = request.Seed ?? spec.Seed };
        if (request.Trials is { } trials)
        {
            spec = spec with { Search = spec.Search with { Trials = trials, BudgetSeconds = null } };
        }
        else if (request.BudgetSeconds is { } seconds)
        {
            spec = spec with { Search = spec.Search with { Trials = null, BudgetSeconds = seconds } };
        }

        return spec;
    }

    /// <summary>A relative data path is taken from the current directory, or else from the repository the pipeline file sits in.</summary>
    private static string ResolveData(string data, string pipelinePath)
    {
        if (Path.IsPathRooted(data) || Directory.Exists(data))
        {
            return data;
        }

        string? repo = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(pipelinePath)));
        string candidate = repo is null ? data : Path.Combine(repo, data);
        return Directory.Exists(candidate) ? candidate : data;
    }

    /// <summary>Reports on the calling thread (Progress&lt;T&gt; would post to the thread pool and reorder updates).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
