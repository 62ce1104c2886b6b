using MatchModels.Core.PredictionLog;
using MatchModels.Monitoring.Reports;
using static MatchModels.Monitoring.Tests.Reports.ReportInputs;

namespace MatchModels.Monitoring.Tests.Reports;

public sealed class JoinOutcomesTests
{
    private static readonly List<PredictionRecord> s_rows = Rows(Day1, 4, 0, 1, "p");

    private static LabelledOutcome Outcome(string? pair, bool? label, DateTime at, string? request = null) => new(pair, request, label, at, "test");

    [Fact]
    public void Counts_outcomes_for_unknown_pairs_and_labels_nothing_with_them()
    {
        JoinedOutcomes joined = JoinOutcomes.Run(s_rows, [Outcome("nobody", true, Day1.AddDays(1)), Outcome("p-0", true, Day1.AddDays(1))], []);

        Assert.Equal(1, joined.Summary.Unknown);
        Assert.Equal(1, joined.Summary.JoinedRows);
        Assert.Equal([true, null, null, null], joined.Labels);
    }

    [Fact]
    public void Keeps_the_first_of_duplicate_outcomes_and_counts_the_rest()
    {
        JoinedOutcomes joined = JoinOutcomes.Run(s_rows, [Outcome("p-1", false, Day1.AddDays(1)), Outcome("p-1", true, Day1.AddDays(2)), Outcome("p-1", true, Day1.AddDays(3))], []);

        Assert.Equal(2, joined.Summary.Duplicates);
        Assert.False(joined.Labels[1]);
        Assert.Equal(1, joined.Summary.Used);
    }

    [Fact]
    public void Refuses_outcomes_dated_before_their_prediction()
    {
        // Row p-2 was predicted at Day1 + 20 s: an outcome seen at Day1 + 10 s cannot be about that prediction.
        JoinedOutcomes joined = JoinOutcomes.Run(s_rows, [Outcome("p-2", true, Day1.AddSeconds(10)), Outcome("p-3", true, Day1.AddSeconds(30))], []);

        Assert.Equal(1, joined.Summary.BeforePrediction);
        Assert.Null(joined.Labels[2]);
        Assert.True(joined.Labels[3]); // observed at the very instant of the prediction: allowed
    }

    [Fact]
    public void Joins_by_request_id_when_the_outcome_has_no_pair_id_and_counts_missing_labels()
    {
        JoinedOutcomes joined = JoinOutcomes.Run(s_rows, [Outcome(null, true, Day1.AddDays(1), request: "p-r0"), Outcome("p-1", null, Day1.AddDays(1))], []);

        Assert.True(joined.Labels[0]);
        Assert.Equal(1, joined.Summary.WithoutLabel);
        Assert.Equal(1, joined.Summary.JoinedRows);
    }
}
