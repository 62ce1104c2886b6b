using MatchModels.Training.Export;

namespace MatchModels.Training.Tests.Export;

public sealed class CheckParityTests
{
    [Fact]
    public void Passes_within_the_tolerance_and_reports_the_largest_difference()
    {
        ParityResult r = CheckParity.Compare([0.25f, 0.5f, 0.75f], [0.25, 0.500004, 0.75]);

        Assert.True(r.Passed);
        Assert.Equal(3, r.Rows);
        Assert.Equal(4e-6, r.MaxAbsDifference, 9);
        Assert.Equal(1, r.WorstRows[0].Row);
        Assert.StartsWith("ONNX and ML.NET agree on 3 rows: max |p_onnx - p_ml.net| = 4E-06", r.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fails_above_the_tolerance_and_names_the_worst_rows_first()
    {
        float[] onnx = [0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f];
        double[] mlNet = [0.1, 0.25, 0.3, 0.4, 0.52, 0.6, 0.7];

        ParityResult r = CheckParity.Compare(onnx, mlNet);

        Assert.False(r.Passed);
        Assert.Equal(0.05, r.MaxAbsDifference, 6);
        Assert.Equal([1, 4], r.WorstRows.Take(2).Select(w => w.Row));
        Assert.Equal(CheckParity.WorstRowsKept, r.WorstRows.Count);
        string message = r.Describe();
        Assert.Contains("exceeds the tolerance 1E-05; worst 2 row(s): row 1: onnx 0.2 vs ml.net 0.25 (diff 0.05); row 4: onnx 0.5 vs ml.net 0.52", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Counts_nan_on_both_sides_as_agreement_and_on_one_side_as_a_failure()
    {
        Assert.True(CheckParity.Compare([float.NaN, 0.5f], [double.NaN, 0.5]).Passed);

        ParityResult r = CheckParity.Compare([float.NaN, 0.5f], [0.5, 0.5]);

        Assert.False(r.Passed);
        Assert.Equal(double.PositiveInfinity, r.MaxAbsDifference);
        Assert.Equal(0, r.WorstRows[0].Row);
    }

    [Fact]
    public void Zero_rows_do_not_pass()
    {
        ParityResult r = CheckParity.Compare([], []);

        Assert.False(r.Passed);
        Assert.Equal("ONNX parity was not checked: no rows were given", r.Describe());
    }
}
