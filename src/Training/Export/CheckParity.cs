using MatchModels.Core.Scoring;
using Microsoft.ML;

namespace MatchModels.Training.Export;

/// <summary>
/// Scores the same rows with the exported ONNX model in ONNX Runtime and with the trained ML.NET model, and
/// compares the probabilities. Registration refuses a model whose export does not pass.
/// </summary>
public static class CheckParity
{
    /// <summary>
    /// Largest |p_onnx − p_ml.net| allowed. ONNX Runtime returns probabilities as float (about 6e-8 relative
    /// precision) and ML.NET's single-precision scores can round differently from ONNX Runtime's; 1e-5 leaves
    /// room for that and nothing else, far below any difference that could change a decision.
    /// </summary>
    public const double Tolerance = 1e-5;

    /// <summary>Rows reported in <see cref="ParityResult.WorstRows"/>.</summary>
    public const int WorstRowsKept = 5;

    /// <summary>Loads <paramref name="onnx"/> into ONNX Runtime (one thread) and compares it with <paramref name="model"/> on the given row-major features.</summary>
    public static ParityResult Run(TrainedModel model, byte[] onnx, float[] rowMajor, int rows, MLContext ml)
    {
        ArgumentNullException.ThrowIfNull(model);
        using OnnxModelScorer scorer = OnnxModelScorer.Load(onnx, expectedFeatureCount: model.FeatureNames.Count);
        return Run(model, scorer, rowMajor, rows, ml);
    }

    public static ParityResult Run(TrainedModel model, OnnxModelScorer scorer, float[] rowMajor, int rows, MLContext ml)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(scorer);
        float[] onnx = scorer.Score(rowMajor, rows);
        double[] mlNet = rows == 0 ? [] : model.Probabilities(ml, rowMajor, rows);
        return Compare(onnx, mlNet);
    }

    /// <summary>The comparison itself, over two equally long lists of probabilities.</summary>
    public static ParityResult Compare(IReadOnlyList<float> onnx, IReadOnlyList<double> mlNet, double tolerance = Tolerance)
    {
        ArgumentNullException.ThrowIfNull(onnx);
        ArgumentNullException.ThrowIfNull(mlNet);
        if (onnx.Count != mlNet.Count)
        {
            throw new ArgumentException($"{onnx.Count} ONNX probabilities but {mlNet.Count} ML.NET ones");
        }

        var rows = new ParityRow[onnx.Count];
        for (int i = 0; i < rows.Length; i++)
        {
            rows[i] = new ParityRow(i, onnx[i], mlNet[i]);
        }

        // Stable order: largest difference first, then the earliest row, so the same inputs give the same report.
        ParityRow[] worst = [.. rows.OrderByDescending(r => r.Difference).ThenBy(r => r.Row).Take(WorstRowsKept)];
        double max = worst.Length == 0 ? 0 : worst[0].Difference;
        return new ParityResult(rows.Length, max, tolerance, worst);
    }
}
