using System.Globalization;
using MatchModels.Core.Features;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;
using MatchModels.Monitoring.Detectors;
using MatchModels.Monitoring.Multivariate;
using MatchModels.Monitoring.Performance;
using MatchModels.Monitoring.Statistics;
using MatchModels.Monitoring.Windows;

namespace MatchModels.Monitoring.Reports;

/// <summary>
/// The monitoring report of one version over its logged predictions, as a pure function of what was read: the version's
/// rows (primary, and shadow rows scored by this very version) are kept and every other row is counted by why it was set
/// aside; outcomes are joined (<see cref="JoinOutcomes"/>); the rows are cut into windows; and each window gets per-feature
/// and dataset drift (the <see cref="DriftMethods"/> defaults), prediction drift against the out-of-fold probabilities,
/// the domain classifier, the label-free CBPE estimate and, where outcomes joined, realised performance. ADWIN and
/// Page–Hinkley run over the joined rows' squared errors in time order, and ADWIN over their signed residuals unless the
/// settings turn that off.
/// </summary>
public static class BuildMonitoringReport
{
    /// <summary>Bins of the reference-vs-window distribution charts.</summary>
    public const int ChartBins = 20;

    /// <summary>The loss trace in the report is averaged down to at most this many points.</summary>
    public const int LossTracePoints = 200;

    /// <summary>The assumptions under which the CBPE estimate holds (NannyML's), stated in every report beside it.</summary>
    public static IReadOnlyList<string> EstimateAssumptions { get; } =
    [
        "the probabilities are calibrated on the live population (P(y = 1 | p) = p)",
        "no concept drift: what makes a pair succeed is what it was in training (covariate shift within the trained region is fine)",
        "the window is large: the estimate is a ratio of expectations, close to the realised value only on hundreds of rows",
    ];

    public static MonitoringReport Run(MonitoringInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        MonitoredVersion model = input.Model;
        if (input.Sample is null && input.Profile is null)
        {
            throw new ArgumentException("the input has neither a reference sample nor a summary profile.", nameof(input));
        }

        (List<PredictionRecord> rows, LogSummary log) = SelectRows(input);
        JoinedOutcomes joined = JoinOutcomes.Run(rows, input.Outcomes, input.OutcomeSources);
        DateTime[] times = [.. rows.Select(r => DateTime.SpecifyKind(r.TimeUtc, DateTimeKind.Utc))];
        IReadOnlyList<Window> windows = SplitIntoWindows.Split(times, input.Window);
        int width = model.FeatureNames.Count;

        var reports = new List<WindowReport>(windows.Count);
        for (int k = 0; k < windows.Count; k++)
        {
            reports.Add(Evaluate(input, rows, joined.Labels, windows[k], k, width));
        }

        var notes = new List<string>();
        if (input.SettingsNote is { } settings)
        {
            notes.Add(settings);
        }

        ReferenceSummary reference = input.Sample is { } s
            ? new ReferenceSummary(ReferenceSource.Sample, s.Features.Rows, s.Probabilities.Length,
                $"a seeded sample of {s.Features.Rows:N0} training rows and {s.Probabilities.Length:N0} out-of-fold predictions ({ReferenceSample.FeaturesFile}, {ReferenceSample.PredictionsFile})")
            : new ReferenceSummary(ReferenceSource.Deciles, input.Profile!.Features.Count > 0 ? input.Profile.Features[0].Count : 0, 0,
                "the summary profile's deciles in model.json: this version was registered without a reference sample");
        if (reference.Source == ReferenceSource.Deciles)
        {
            notes.Add("This version has no reference sample (registered before samples were kept): feature drift is PSI against the training deciles; prediction and multivariate drift need the sample and are not computed.");
        }

        if (reports.Count(w => w.Empty) is > 0 and int empty)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{empty} window(s) hold no prediction: shown, with nothing computed."));
        }

        if (log.OtherModels + log.OtherVersions > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{log.OtherModels + log.OtherVersions:N0} log row(s) of other models or versions were skipped."));
        }

        if (input.Time == RowTime.AsOf)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"Rows are placed by their as_of (the cut-off their features were read at), not by when they were logged: the span, the windows, the detectors' order and the outcome join use it; {log.WithoutAsOf:N0} row(s) without an as_of were set aside."));
        }

        if (joined.Summary.Read == 0)
        {
            notes.Add("No outcomes: realised performance and the detectors need outcomes joined to predictions; the label-free estimate stands alone.");
        }

        return new MonitoringReport(
            model.Name, model.Version, model.Task, input.NowUtc, input.Window.ToString(), input.SinceUtc, input.UntilUtc,
            reference, log, joined.Summary, model.TestMetrics, reports,
            LatestDistributions(input, rows, windows, reports, width),
            Detect(rows, joined.Labels, windows, input.CalibrationDelta),
            EstimateAssumptions, notes, RowTimes.Name(input.Time));
    }

    private static (List<PredictionRecord> Rows, LogSummary Summary) SelectRows(MonitoringInput input)
    {
        MonitoredVersion model = input.Model;
        var kept = new List<PredictionRecord>();
        var otherModels = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var otherVersions = new SortedDictionary<int, int>();
        int shadow = 0, outside = 0, malformed = 0, withoutAsOf = 0;
        foreach (PredictionRecord logged in input.Log)
        {
            PredictionRecord r = logged;
            if (input.Time == RowTime.AsOf)
            {
                if (logged.AsOfUtc is not { } asOf)
                {
                    withoutAsOf++;
                    continue;
                }

                // From here on the row's time is its as_of, so the windows, the span and the outcome join all read one clock.
                r = logged with { TimeUtc = DateTime.SpecifyKind(asOf, DateTimeKind.Utc) };
            }

            if ((input.SinceUtc is { } since && r.TimeUtc < since) || (input.UntilUtc is { } until && r.TimeUtc >= until))
            {
                outside++;
                continue;
            }

            if (r.Model != model.Name)
            {
                otherModels[r.Model] = otherModels.GetValueOrDefault(r.Model) + 1;
                continue;
            }

            // A shadow row of the monitored version is its own prediction of a real request; a shadow row of another
            // version is that version's, whatever answered the request.
            if (r.Version != model.Version)
            {
                otherVersions[r.Version] = otherVersions.GetValueOrDefault(r.Version) + 1;
                continue;
            }

            // A vector of another layout cannot be compared column by column, and a probability outside [0, 1] is no probability.
            if (r.Features.Length != model.FeatureNames.Count || !(r.Probability >= 0 && r.Probability <= 1))
            {
                malformed++;
                continue;
            }

            shadow += r.Role == PredictionRecord.ShadowRole ? 1 : 0;
            kept.Add(r);
        }

        // Stable: rows of the same instant keep the log's order.
        List<PredictionRecord> ordered = [.. kept.OrderBy(r => r.TimeUtc)];
        return (ordered, new LogSummary(input.Log.Count, ordered.Count, shadow, otherModels.Values.Sum(), otherVersions.Values.Sum(), outside, malformed, otherModels, otherVersions, withoutAsOf));
    }

    private static WindowReport Evaluate(MonitoringInput input, List<PredictionRecord> rows, bool?[] labels, Window window, int index, int width)
    {
        MonitoredVersion model = input.Model;
        int labelled = window.Rows.Count(i => labels[i] is not null);
        if (window.IsEmpty)
        {
            return new WindowReport(window.Label, window.Start, window.End, 0, 0, true, null, null, null, null, null);
        }

        FeatureMatrix current = Matrix(model.FeatureNames, rows, window.Rows, width);
        double[] probabilities = [.. window.Rows.Select(i => rows[i].Probability)];
        int seed = unchecked(model.Seed + index);
        DatasetDriftResult drift;
        FeatureDriftResult? predictionDrift = null;
        MultivariateDrift? multivariate = null;
        if (input.Sample is { } sample)
        {
            drift = DataDrift.Compare(sample.Features, current, model.Kinds, input.Drift);
            predictionDrift = sample.Probabilities.Length == 0 ? null : PredictionDrift.Evaluate(sample.Probabilities, probabilities, input.Drift);
            if (!input.MultivariateOff)
            {
                DomainClassifierResult domain = DomainClassifier.Evaluate(sample.Features, current, seed, input.DomainClassifier);
                multivariate = new MultivariateDrift("domain_classifier", domain.Auc, domain.Threshold, domain.Drifted, domain.ReferenceRows, domain.CurrentRows);
            }
        }
        else
        {
            drift = DatasetDrift.Of(DecileDrift(input.Profile!, current), input.Drift);
        }

        RealisedPerformance? realised = null;
        if (labelled > 0)
        {
            int[] joined = [.. window.Rows.Where(i => labels[i] is not null)];
            realised = MeasureRealisedPerformance.Measure([.. joined.Select(i => rows[i].Probability)], [.. joined.Select(i => labels[i]!.Value)], seed);
        }

        EstimatedPerformance estimated = ConfidenceBasedPerformance.Estimate(probabilities, model.Threshold);
        return new WindowReport(window.Label, window.Start, window.End, window.Rows.Length, labelled, false, drift, predictionDrift, multivariate, realised, estimated);
    }

    /// <summary>PSI of each feature against its training deciles: the only comparison a summary profile allows.</summary>
    private static List<FeatureDriftResult> DecileDrift(FeatureReference profile, FeatureMatrix current)
    {
        var byName = profile.Features.ToDictionary(f => f.Name, StringComparer.Ordinal);
        var results = new List<FeatureDriftResult>(current.Width);
        for (int c = 0; c < current.Width; c++)
        {
            string name = current.Names[c];
            if (!byName.TryGetValue(name, out FeatureSummary? summary))
            {
                continue;
            }

            double score = PopulationStabilityIndex.FromReferenceDeciles(summary.Deciles, Column(current, c));
            DriftMethod psi = PopulationStabilityIndex.Method;
            results.Add(new FeatureDriftResult(name, psi.Name, score, psi.DefaultThreshold, psi.Rule, psi.IsDrift(score, psi.DefaultThreshold)));
        }

        return results;
    }

    private static List<FeatureDistribution> LatestDistributions(MonitoringInput input, List<PredictionRecord> rows, IReadOnlyList<Window> windows, List<WindowReport> reports, int width)
    {
        int latest = reports.FindLastIndex(w => !w.Empty);
        if (latest < 0)
        {
            return [];
        }

        FeatureMatrix current = Matrix(input.Model.FeatureNames, rows, windows[latest].Rows, width);
        var charts = new List<FeatureDistribution>();
        foreach (FeatureDriftResult f in reports[latest].DataDrift!.Features.Where(f => f.Drifted))
        {
            int c = current.IndexOf(f.Feature);
            double[] now = Column(current, c);
            if (input.Sample is { } sample)
            {
                charts.Add(Histogram(f.Feature, Column(sample.Features, c), now));
            }
            else if (input.Profile!.Features.FirstOrDefault(p => p.Name == f.Feature) is { } summary)
            {
                charts.Add(DecileHistogram(f.Feature, summary.Deciles, now));
            }
        }

        return charts;
    }

    /// <summary>Shares of both samples over <see cref="ChartBins"/> equal-width bins of the pooled range (one bin when the range is a point).</summary>
    public static FeatureDistribution Histogram(string feature, double[] reference, double[] current)
    {
        double min = Math.Min(reference.DefaultIfEmpty(0).Min(), current.DefaultIfEmpty(0).Min());
        double max = Math.Max(reference.DefaultIfEmpty(0).Max(), current.DefaultIfEmpty(0).Max());
        int bins = max > min ? ChartBins : 1;
        double[] edges = [.. Enumerable.Range(0, bins + 1).Select(b => bins == 1 ? (b == 0 ? min : max) : min + ((max - min) * b / bins))];
        return new FeatureDistribution(feature, edges, Shares(reference, min, max, bins), Shares(current, min, max, bins));
    }

    private static FeatureDistribution DecileHistogram(string feature, IReadOnlyList<double> deciles, double[] current)
    {
        double[] edges = [.. deciles];
        int bins = edges.Length - 1;
        double[] window = new double[bins];
        foreach (double x in current)
        {
            int b = Array.BinarySearch(edges, 1, bins - 1, x);
            b = b >= 0 ? b - 1 : ~b - 1;
            window[Math.Clamp(b, 0, bins - 1)] += 1.0 / current.Length;
        }

        return new FeatureDistribution(feature, edges, [.. Enumerable.Repeat(1.0 / bins, bins)], window);
    }

    private static double[] Shares(double[] values, double min, double max, int bins)
    {
        double[] shares = new double[bins];
        foreach (double x in values)
        {
            int b = max > min ? (int)Math.Floor((x - min) / (max - min) * bins) : 0;
            shares[Math.Clamp(b, 0, bins - 1)] += 1.0 / values.Length;
        }

        return shares;
    }

    private static DetectorReport Detect(List<PredictionRecord> rows, bool?[] labels, IReadOnlyList<Window> windows, double? calibrationDelta)
    {
        int[] joined = [.. Enumerable.Range(0, rows.Count).Where(i => labels[i] is not null)];
        double[] loss = [.. joined.Select(i => Square(rows[i].Probability - (labels[i]!.Value ? 1 : 0)))];
        string[] windowOf = new string[rows.Count];
        foreach (Window w in windows)
        {
            foreach (int i in w.Rows)
            {
                windowOf[i] = w.Label;
            }
        }

        LossAlarm Place(DetectorAlarm a)
        {
            int detected = joined[(int)a.DetectedAt];
            int change = joined[(int)a.ChangeAt];
            return new LossAlarm(a.DetectedAt, a.ChangeAt, rows[detected].TimeUtc, rows[change].TimeUtc, windowOf[detected], windowOf[change]);
        }

        CalibrationDriftReport? calibration = null;
        if (calibrationDelta is { } delta)
        {
            double[] probabilities = [.. joined.Select(i => rows[i].Probability)];
            bool[] outcomes = [.. joined.Select(i => labels[i]!.Value)];
            double[] residuals = [.. joined.Select(i => (labels[i]!.Value ? 1 : 0) - rows[i].Probability)];
            calibration = new CalibrationDriftReport(delta, [.. CalibrationDrift.Run(probabilities, outcomes, delta).Select(Place)], Trace(residuals));
        }

        return new DetectorReport(
            "squared_error",
            loss.Length,
            [.. Adwin.Run(loss).Select(Place)],
            [.. PageHinkley.Run(loss).Select(Place)],
            Trace(loss),
            calibration);
    }

    /// <summary>A stream averaged over consecutive runs of values, at most <see cref="LossTracePoints"/> points, for the alarm charts.</summary>
    private static double[] Trace(double[] loss)
    {
        if (loss.Length == 0)
        {
            return [];
        }

        int per = (int)Math.Ceiling((double)loss.Length / LossTracePoints);
        return [.. loss.Chunk(per).Select(c => c.Average())];
    }

    private static FeatureMatrix Matrix(IReadOnlyList<string> names, List<PredictionRecord> rows, int[] selected, int width)
    {
        float[] values = new float[selected.Length * width];
        for (int i = 0; i < selected.Length; i++)
        {
            rows[selected[i]].Features.CopyTo(values.AsSpan(i * width, width));
        }

        return new FeatureMatrix(names, values, selected.Length);
    }

    private static double[] Column(FeatureMatrix matrix, int c)
    {
        double[] column = new double[matrix.Rows];
        for (int r = 0; r < matrix.Rows; r++)
        {
            column[r] = matrix.Values[(r * matrix.Width) + c];
        }

        return column;
    }

    private static double Square(double x) => x * x;
}
