using System.Globalization;

namespace MatchModels.Training.Export;

/// <summary>One row's two probabilities: from ONNX Runtime and from ML.NET (<see cref="TrainedModel.Probabilities"/>).</summary>
public sealed record ParityRow(int Row, double OnnxProbability, double MlNetProbability)
{
    /// <summary>|p_onnx − p_ml.net|; 0 when both are NaN, infinity when only one is.</summary>
    public double Difference =>
        double.IsNaN(OnnxProbability) || double.IsNaN(MlNetProbability)
            ? double.IsNaN(OnnxProbability) && double.IsNaN(MlNetProbability) ? 0 : double.PositiveInfinity
            : Math.Abs(OnnxProbability - MlNetProbability);
}

/// <summary>
/// How closely the exported ONNX model reproduces the ML.NET model on the rows checked: the largest absolute
/// difference in probability, against <see cref="Tolerance"/>, and the rows that differ most.
/// </summary>
public sealed record ParityResult(int Rows, double MaxAbsDifference, double Tolerance, IReadOnlyList<ParityRow> WorstRows)
{
    /// <summary>Every row within tolerance. Zero rows checked prove nothing and do not pass.</summary>
    public bool Passed => Rows > 0 && MaxAbsDifference <= Tolerance;

    /// <summary>One line for a log or an error: the verdict, the maximum difference, and the worst rows when it failed.</summary>
    public string Describe()
    {
        string max = MaxAbsDifference.ToString("G3", CultureInfo.InvariantCulture);
        string tolerance = Tolerance.ToString("G3", CultureInfo.InvariantCulture);
        if (Rows == 0)
        {
            return "ONNX parity was not checked: no rows were given";
        }

        if (Passed)
        {
            return $"ONNX and ML.NET agree on {Rows:N0} rows: max |p_onnx - p_ml.net| = {max} (tolerance {tolerance})";
        }

        string worst = string.Join("; ", WorstRows.Where(r => r.Difference > Tolerance).Select(r =>
            $"row {r.Row}: onnx {Show(r.OnnxProbability)} vs ml.net {Show(r.MlNetProbability)} (diff {r.Difference.ToString("G3", CultureInfo.InvariantCulture)})"));
        int failing = WorstRows.Count(r => r.Difference > Tolerance);
        return $"ONNX and ML.NET disagree: max |p_onnx - p_ml.net| = {max} over {Rows:N0} rows exceeds the tolerance {tolerance}; worst {failing} row(s): {worst}";
    }

    private static string Show(double p) => p.ToString("0.########", CultureInfo.InvariantCulture);
}
