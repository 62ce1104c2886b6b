namespace MatchModels.Core.Metrics;

/// <summary>
/// Scores sorted once, with their runs of tied values, so that the ranking metrics of any reweighting of the rows (a
/// bootstrap resample's counts) take one pass in O(n) instead of a sort. With every weight 1 they equal the plain
/// metrics (Training's BinaryMetrics). An empty weight span counts every row once. In Core because training's
/// evaluation and fairness and the monitor's realised performance and domain classifier all rank scores this way.
/// </summary>
public sealed class SortedScores
{
    private readonly int[] _order;
    private readonly int[] _blockStarts;

    public SortedScores(ReadOnlySpan<double> scores)
    {
        double[] sorted = scores.ToArray();
        _order = new int[sorted.Length];
        for (int i = 0; i < _order.Length; i++)
        {
            _order[i] = i;
        }

        Array.Sort(sorted, _order);
        var starts = new List<int>();
        for (int k = 0; k < sorted.Length; k++)
        {
            if (k == 0 || sorted[k] != sorted[k - 1])
            {
                starts.Add(k);
            }
        }

        starts.Add(sorted.Length);
        _blockStarts = [.. starts];
    }

    /// <summary>Row indices in ascending score order.</summary>
    public ReadOnlySpan<int> Order => _order;

    /// <summary>
    /// Weighted Mann–Whitney AUC: Σ over positives of w × (negative weight scored below + ½ negative weight tied), divided
    /// by (total positive weight × total negative weight). NaN when either class has no weight.
    /// </summary>
    public double RocAuc(ReadOnlySpan<bool> labels, ReadOnlySpan<int> weights)
    {
        double below = 0, sum = 0, positives = 0;
        for (int b = 0; b + 1 < _blockStarts.Length; b++)
        {
            (double p, double n) = BlockWeights(b, labels, weights);

            sum += p * (below + (0.5 * n));
            below += n;
            positives += p;
        }

        return positives == 0 || below == 0 ? double.NaN : sum / (positives * below);
    }

    /// <summary>Weighted average precision: the step-wise sum Σ over positives of precision at their score, ties one step. NaN without positive weight.</summary>
    public double AveragePrecision(ReadOnlySpan<bool> labels, ReadOnlySpan<int> weights)
    {
        double truePositives = 0, falsePositives = 0, sum = 0;
        for (int b = _blockStarts.Length - 2; b >= 0; b--)
        {
            (double p, double n) = BlockWeights(b, labels, weights);

            truePositives += p;
            falsePositives += n;
            if (p > 0)
            {
                sum += p * truePositives / (truePositives + falsePositives);
            }
        }

        return truePositives == 0 ? double.NaN : sum / truePositives;
    }

    /// <summary>
    /// Weighted AUC within each group at once: <paramref name="groups"/> gives each row's group (−1 leaves it out).
    /// Writes one AUC per group into <paramref name="auc"/> (NaN for a group without both classes).
    /// </summary>
    public void GroupRocAuc(ReadOnlySpan<bool> labels, ReadOnlySpan<int> weights, ReadOnlySpan<int> groups, Span<double> auc)
    {
        int g = auc.Length;
        Span<double> below = g <= 64 ? stackalloc double[g] : new double[g];
        Span<double> sum = g <= 64 ? stackalloc double[g] : new double[g];
        Span<double> positives = g <= 64 ? stackalloc double[g] : new double[g];
        Span<double> tiedP = g <= 64 ? stackalloc double[g] : new double[g];
        Span<double> tiedN = g <= 64 ? stackalloc double[g] : new double[g];
        below.Clear();
        sum.Clear();
        positives.Clear();
        tiedP.Clear();
        tiedN.Clear();
        for (int b = 0; b + 1 < _blockStarts.Length; b++)
        {
            int start = _blockStarts[b], end = _blockStarts[b + 1];
            for (int k = start; k < end; k++)
            {
                int row = _order[k];
                int group = groups[row];
                if (group >= 0)
                {
                    if (labels[row])
                    {
                        tiedP[group] += weights[row];
                    }
                    else
                    {
                        tiedN[group] += weights[row];
                    }
                }
            }

            for (int k = start; k < end; k++)
            {
                int group = groups[_order[k]];
                if (group >= 0 && (tiedP[group] != 0 || tiedN[group] != 0))
                {
                    sum[group] += tiedP[group] * (below[group] + (0.5 * tiedN[group]));
                    below[group] += tiedN[group];
                    positives[group] += tiedP[group];
                    tiedP[group] = 0;
                    tiedN[group] = 0;
                }
            }
        }

        for (int j = 0; j < g; j++)
        {
            auc[j] = positives[j] == 0 || below[j] == 0 ? double.NaN : sum[j] / (positives[j] * below[j]);
        }
    }

    /// <summary>The positive and negative weight of tie block <paramref name="b"/>.</summary>
    private (double Positive, double Negative) BlockWeights(int b, ReadOnlySpan<bool> labels, ReadOnlySpan<int> weights)
    {
        double p = 0, n = 0;
        for (int k = _blockStarts[b]; k < _blockStarts[b + 1]; k++)
        {
            int row = _order[k];
            int w = weights.IsEmpty ? 1 : weights[row];
            if (labels[row])
            {
                p += w;
            }
            else
            {
                n += w;
            }
        }

        return (p, n);
    }
}
