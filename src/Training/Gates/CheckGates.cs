using System.Globalization;
using MatchModels.Training.Evaluation;
using MatchModels.Training.Fairness;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Runs;

namespace MatchModels.Training.Gates;

/// <summary>
/// The pipeline's promotion gates, checked on the test set: minimum AUC, maximum ECE, maximum fairness gap,
/// and (when a champion exists) a minimum improvement on the selection metric. Gates that a pipeline leaves
/// out are not listed; every listed check says what it compared.
/// </summary>
public static class CheckGates
{
    public static GateResult Run(GateSpec gates, SelectionMetric metric, EvaluationMetrics test, FairnessReport fairness, double? championTestMetric)
    {
        var checks = new List<GateCheck>();
        if (gates.MinAuc is { } minAuc)
        {
            checks.Add(new("min_auc", test.RocAuc >= minAuc, $"test AUC {F(test.RocAuc)} vs minimum {F(minAuc)}"));
        }

        if (gates.MaxEce is { } maxEce)
        {
            checks.Add(new("max_ece", test.Ece <= maxEce, $"test ECE {F(test.Ece)} vs maximum {F(maxEce)}"));
        }

        if (gates.MaxFairnessGap is { } maxGap)
        {
            FairnessGap? gap = fairness.LargestGap(gates.FairnessMetric);
            checks.Add(gap is null
                ? new("max_fairness_gap", true, $"no attribute has two groups of at least {fairness.MinGroupSize} rows to compare on {gates.FairnessMetric.YamlName}")
                : new("max_fairness_gap", gap.Gap <= maxGap,
                    $"largest {gates.FairnessMetric.YamlName} gap {F(gap.Gap)} ({gap.Attribute}: {gap.LowGroup} {F(gap.LowValue)} vs {gap.HighGroup} {F(gap.HighValue)}) vs maximum {F(maxGap)}"));
        }

        if (gates.MinImprovement is { } margin)
        {
            double candidate = Value(metric, test);
            checks.Add(championTestMetric is not { } champion
                ? new("min_improvement", true, "no champion yet: nothing to beat")
                : new("min_improvement", metric.Beats(candidate, champion, margin),
                    $"test {metric.YamlName} {F(candidate)} vs champion {F(champion)}, must improve by at least {F(margin)}"));
        }

        return new GateResult(checks.All(c => c.Passed), checks);
    }

    public static double Value(SelectionMetric metric, EvaluationMetrics m) => metric switch
    {
        SelectionMetric.Auc => m.RocAuc,
        SelectionMetric.PrAuc => m.PrAuc,
        SelectionMetric.LogLoss => m.LogLoss,
        _ => m.Brier,
    };

    private static string F(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);
}
