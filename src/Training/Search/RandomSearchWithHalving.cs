using System.Diagnostics;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Trainers;
using Microsoft.ML;

namespace MatchModels.Training.Search;

/// <summary>
/// Seeded random search over trainers and their hyperparameters, with successive halving over folds
/// (Jamieson and Talwalkar 2016; the rung-and-promote scheme of Hyperband): each batch of candidates is
/// scored on one fold, the best third go on to more folds, and only candidates evaluated on every fold can
/// be chosen, by their mean metric. Stops after N candidates (fully deterministic) or before a fit would
/// overrun the time budget.
/// </summary>
public sealed class RandomSearchWithHalving(IReadOnlyList<TrainerKind> trainers, SearchMetric metric, int seed, TimeProvider clock, int workers = 1)
{
    /// <summary>Candidates proposed together and halved together.</summary>
    public const int BatchSize = 9;

    /// <summary>Keep the best 1/Eta at each rung.</summary>
    public const int Eta = 3;

    private sealed class Candidate(int trial, TrainerKind trainer, IReadOnlyDictionary<string, double> hyperparameters, int folds)
    {
        public int Trial { get; } = trial;

        public TrainerKind Trainer { get; } = trainer;

        public IReadOnlyDictionary<string, double> Hyperparameters { get; } = hyperparameters;

        /// <summary>Per fold, by fold index; folds are always evaluated in order, so the first Done are set.</summary>
        public double[] FoldMetrics { get; } = new double[folds];

        public double[]?[] FoldScores { get; } = new double[]?[folds];

        public int Done { get; set; }

        public double FitSeconds { get; set; }

        public string Status { get; set; } = "";

        public double Mean => Done == 0 ? double.NaN : FoldMetrics.Take(Done).Average();

        public double Std
        {
            get
            {
                if (Done < 2)
                {
                    return 0;
                }

                double m = Mean;
                return Math.Sqrt(FoldMetrics.Take(Done).Sum(x => (x - m) * (x - m)) / (Done - 1));
            }
        }
    }

    public SearchResult Run(IReadOnlyList<FoldData> folds, int width, SearchBudget budget, IProgress<SearchProgress>? progress = null, CancellationToken ct = default)
    {
        if (trainers.Count == 0)
        {
            throw new TrainingException("search.trainers is empty: name at least one trainer");
        }

        long started = clock.GetTimestamp();
        TimeSpan Elapsed() => clock.GetElapsedTime(started);
        var random = new Random(seed);
        var all = new List<Candidate>();
        var secondsPerFit = new System.Collections.Concurrent.ConcurrentDictionary<TrainerKind, double>();
        int[] rungs = Rungs(folds.Count);
        var gate = new object();
        string stop = "";
        bool outOfTime = false;

        while (!outOfTime && (budget.Trials is not { } n || all.Count < n))
        {
            int size = budget.Trials is { } total ? Math.Min(BatchSize, total - all.Count) : BatchSize;
            var batch = new List<Candidate>();
            for (int i = 0; i < size; i++)
            {
                TrainerKind trainer = trainers[random.Next(trainers.Count)];
                batch.Add(new Candidate(all.Count + 1, trainer, TrainerCatalog.Sample(trainer, random), folds.Count));
                all.Add(batch[^1]);
            }

            var alive = batch;
            for (int rung = 0; rung < rungs.Length && alive.Count > 0 && !outOfTime; rung++)
            {
                // Each candidate's next folds, in fold order; candidates run side by side on the available
                // cores. Every fit has its own seeded context, so the order of work never changes a result.
                int target = rungs[rung];
                var work = alive.Where(c => c.Done < target).ToList();
                Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, workers), CancellationToken = ct }, c =>
                {
                    while (c.Done < target && !Volatile.Read(ref outOfTime))
                    {
                        if (budget.Time is { } limit && Elapsed() + Estimate(c, secondsPerFit) > limit)
                        {
                            lock (gate)
                            {
                                outOfTime = true;
                                stop = $"time budget of {limit.TotalSeconds:0} s reached";
                            }

                            return;
                        }

                        Evaluate(c, folds[c.Done], width, secondsPerFit);
                        lock (gate)
                        {
                            Candidate? best = Best(all, folds.Count);
                            progress?.Report(new SearchProgress(c.Trial, c.Trainer.YamlName, c.Done, folds.Count, Elapsed(), all.Count(x => x.Done == folds.Count), best?.Trainer.YamlName, best?.Mean));
                        }
                    }
                });

                if (outOfTime || rung == rungs.Length - 1)
                {
                    break;
                }

                int keep = Math.Max(1, (int)Math.Ceiling(alive.Count / (double)Eta));
                var ranked = alive.OrderBy(c => metric.Key(c.Mean)).ThenBy(c => c.Trial).ToList();
                foreach (Candidate dropped in ranked.Skip(keep))
                {
                    dropped.Status = $"stopped by halving after {dropped.Done} fold(s)";
                }

                alive = ranked.Take(keep).ToList();
            }
        }

        if (stop.Length == 0)
        {
            stop = $"{all.Count} trial(s) done";
        }

        foreach (Candidate c in all.Where(c => c.Status.Length == 0))
        {
            c.Status = c.Done == folds.Count ? "complete" : c.Done == 0 ? "not started (budget)" : $"unfinished after {c.Done} fold(s) (budget)";
        }

        Candidate chosen = Best(all, folds.Count) ?? throw new TrainingException(TooSmall(budget, all, folds.Count));
        var leaderboard = all
            .OrderBy(c => c.Done == folds.Count ? 0 : 1)
            .ThenBy(c => c.Done == 0 ? double.MaxValue : metric.Key(c.Mean))
            .ThenBy(c => c.Trial)
            .Select(c => new LeaderboardEntry(c.Trial, c.Trainer.YamlName, c.Hyperparameters, c.Mean, c.Std, c.Done, c.FitSeconds, c.Status, ReferenceEquals(c, chosen)))
            .ToList();
        (double[] oofScores, bool[] oofLabels) = OutOfFold(chosen, folds);
        return new SearchResult(leaderboard, leaderboard.Single(e => e.Chosen), oofScores, oofLabels, Elapsed(), stop);
    }

    /// <summary>Fold counts at each rung: 1, Eta, Eta², ... capped at the number of folds.</summary>
    internal static int[] Rungs(int folds)
    {
        var rungs = new List<int>();
        for (int r = 1; r < folds; r *= Eta)
        {
            rungs.Add(r);
        }

        rungs.Add(folds);
        return [.. rungs.Distinct()];
    }

    private Candidate? Best(List<Candidate> all, int folds) =>
        all.Where(c => c.Done == folds && double.IsFinite(c.Mean))
            .OrderBy(c => metric.Key(c.Mean)).ThenBy(c => c.Trial)
            .FirstOrDefault();

    private void Evaluate(Candidate c, FoldData fold, int width, System.Collections.Concurrent.ConcurrentDictionary<TrainerKind, double> secondsPerFit)
    {
        var watch = Stopwatch.StartNew();
        var ml = new MLContext(seed);
        RawScorer scorer = FitCandidate.Run(ml, c.Trainer, c.Hyperparameters, fold.TrainX, fold.TrainCount, width, fold.TrainY, seed);
        double[] raw = scorer.Scores(ml, fold.ValidX, fold.ValidCount);
        double seconds = watch.Elapsed.TotalSeconds;
        c.FitSeconds += seconds;
        secondsPerFit.AddOrUpdate(c.Trainer, seconds / Units(c), (_, old) => Math.Max(old, seconds / Units(c)));
        c.FoldScores[c.Done] = raw;
        c.FoldMetrics[c.Done] = metric.Compute(CrossFittedProbabilities(raw, fold.ValidY), fold.ValidY);
        c.Done++;
    }

    /// <summary>
    /// Probabilities for a fold's validation rows without letting a row calibrate itself: Platt is fitted on
    /// the even rows and applied to the odd ones, and the other way round. Rank metrics are unaffected; losses
    /// are judged on calibrated probabilities, as the final model will be.
    /// </summary>
    internal static double[] CrossFittedProbabilities(double[] raw, bool[] labels)
    {
        var result = new double[raw.Length];
        for (int half = 0; half < 2; half++)
        {
            var fitIdx = Enumerable.Range(0, raw.Length).Where(i => i % 2 != half).ToArray();
            PlattCalibration platt = fitIdx.Length == 0
                ? PlattCalibration.Identity
                : PlattCalibration.Fit(fitIdx.Select(i => raw[i]).ToArray(), fitIdx.Select(i => labels[i]).ToArray());
            for (int i = half; i < raw.Length; i += 2)
            {
                result[i] = platt.Apply(raw[i]);
            }
        }

        return result;
    }

    /// <summary>Size of a candidate's fit relative to others of its trainer: trees or iterations for ensembles.</summary>
    private static double Units(Candidate c) =>
        c.Hyperparameters.TryGetValue("trees", out double t) ? t : c.Hyperparameters.TryGetValue("iterations", out double i) ? i : 1;

    private static TimeSpan Estimate(Candidate c, System.Collections.Concurrent.ConcurrentDictionary<TrainerKind, double> secondsPerFit) =>
        secondsPerFit.TryGetValue(c.Trainer, out double perUnit) ? TimeSpan.FromSeconds(perUnit * Units(c)) : TimeSpan.Zero;

    private static (double[] Scores, bool[] Labels) OutOfFold(Candidate chosen, IReadOnlyList<FoldData> folds)
    {
        var scores = new List<double>();
        var labels = new List<bool>();
        for (int f = 0; f < folds.Count; f++)
        {
            scores.AddRange(chosen.FoldScores[f]!);
            labels.AddRange(folds[f].ValidY);
        }

        return ([.. scores], [.. labels]);
    }

    private static string TooSmall(SearchBudget budget, List<Candidate> all, int folds)
    {
        string limit = budget.Time is { } t ? $"--budget {t.TotalSeconds:0} s" : $"--trials {budget.Trials}";
        double slowest = all.Where(c => c.Done > 0).Select(c => c.FitSeconds / c.Done).DefaultIfEmpty(0).Max();
        string hint = slowest > 0
            ? $"; one fit took up to {slowest:0.0} s and a candidate needs {folds} fits plus its batch's first rung ({BatchSize} fits), so allow at least {Math.Ceiling(slowest * (BatchSize + (2 * folds)) * 1.5):0} s"
            : "";
        return $"{limit} is too small for even one complete trial: no candidate was evaluated on all {folds} folds{hint}";
    }
}
