using MatchModels.Training.Evaluation;
using MatchModels.Training.Fairness;
using MatchModels.Training.Reports;
using MatchModels.Training.Search;

namespace MatchModels.Training.Tests.Reports;

/// <summary>A seeded, realistic-looking run report input: 400 test rows, one fairness attribute of each kind, a small leaderboard.</summary>
internal static class RunReportSample
{
    public const int Rows = 400;

    public const string HostileName = "<script>alert('x')</script>";

    /// <param name="skilled">True for scores that separate the classes; false for scores unrelated to the labels.</param>
    /// <param name="withOracle">True to include oracle metrics.</param>
    public static RunReportInput Create(bool skilled = true, bool withOracle = true)
    {
        var random = new Random(2026);
        double[] scores = new double[Rows];
        bool[] labels = new bool[Rows];
        double[] truth = new double[Rows];
        string?[] gender = new string?[Rows];
        string?[] department = new string?[Rows];
        for (int i = 0; i < Rows; i++)
        {
            double signal = (random.NextDouble() * 4) - 2.5;
            truth[i] = 1 / (1 + Math.Exp(-2 * signal));
            labels[i] = random.NextDouble() < truth[i];
            double noisy = signal + ((random.NextDouble() - 0.5) * 1.5);
            scores[i] = skilled ? 1 / (1 + Math.Exp(-1.6 * noisy)) : random.NextDouble();
            gender[i] = i % 17 == 0 ? null : (i % 2 == 0 ? "female" : "male");
            department[i] = (i % 40) switch
            {
                0 => "Legal & Compliance",
                < 20 => "Engineering",
                _ => "Sales",
            };
        }

        double threshold = BinaryMetrics.ChooseThreshold(scores, labels);
        return new RunReportInput(
            Title: "pair-success — run 2026-11-24 & checks",
            ModelName: "pair-success",
            CreatedAtUtc: new DateTime(2026, 11, 24, 5, 39, 0, DateTimeKind.Utc),
            Run:
            [
                new("seed", "42"),
                new("git commit", "42f53ad"),
                new("participants.parquet sha256", "9f2c1e0b7d6a5f4e3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0f9e8d7c6b"),
            ],
            SelectionMetric: "roc_auc",
            Test: EvaluateScores.Run(scores, labels, threshold),
            Oracle: withOracle ? EvaluateScores.Run(truth, labels, 0.5) : null,
            TestScores: scores,
            TestLabels: labels,
            Importance:
            [
                new FeatureImportance("shared_skills_jaccard", 0.112, 0.011),
                new FeatureImportance("timezone_gap_h", 0.054, 0.008),
                new FeatureImportance("mentor_tenure_years", 0.031, 0.006),
                new FeatureImportance("same_department", 0.012, 0.004),
                new FeatureImportance("availability_ratio", 0.004, 0.003),
                new FeatureImportance("job_level_gap", -0.002, 0.002),
            ],
            Fairness: AssessFairness.Run(
                [
                    new FairnessAttributeInput("gender", AuditOnly: true, gender),
                    new FairnessAttributeInput("department", AuditOnly: false, department),
                ],
                scores,
                labels),
            Leaderboard:
            [
                new LeaderboardEntry(1, "lbfgs_logistic", new Dictionary<string, double> { ["l2"] = 0.1, ["l1"] = 0.01 }, 0.781, 0.012, 5, 1.4, "complete", Chosen: false),
                new LeaderboardEntry(2, "fast_tree", new Dictionary<string, double> { ["leaves"] = 31, ["learning_rate"] = 0.05, [HostileName] = 1 }, 0.802, 0.015, 5, 6.2, "complete", Chosen: true),
                new LeaderboardEntry(3, "lightgbm", new Dictionary<string, double> { ["leaves"] = 63 }, 0.744, 0.030, 2, 2.9, "stopped by successive halving", Chosen: false),
            ],
            Warnings: ["Audit attribute 'gender' is used as a feature (pipeline sets allow_audit_features: true)."]);
    }
}
