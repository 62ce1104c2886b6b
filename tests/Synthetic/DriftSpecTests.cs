namespace MatchModels.Synthetic.Tests;

public sealed class DriftSpecTests
{
    [Theory]
    [InlineData("none", DriftKind.None, null)]
    [InlineData("covariate", DriftKind.Covariate, null)]
    [InlineData("concept", DriftKind.Concept, null)]
    [InlineData("mixed", DriftKind.Mixed, null)]
    [InlineData("profile", DriftKind.Profile, null)]
    [InlineData("overhaul", DriftKind.Overhaul, null)]
    [InlineData("concept:2024-03-25", DriftKind.Concept, "2024-03-25")]
    [InlineData("  Mixed:2023-12-31 ", DriftKind.Mixed, "2023-12-31")]
    [InlineData("none:2024-01-01", DriftKind.None, "2024-01-01")]
    public void Parses_the_documented_forms(string spec, DriftKind kind, string? date)
    {
        DriftSpec d = DriftSpec.Parse(spec);

        Assert.Equal(kind, d.Kind);
        Assert.Equal(date is null ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), d.ChangeDate);
        Assert.Equal(d, DriftSpec.Parse(d.ToString()));
    }

    [Theory]
    [InlineData("sideways", "unknown drift kind 'sideways'")]
    [InlineData("", "the drift kind is missing")]
    [InlineData(":2024-01-01", "the drift kind is missing")]
    [InlineData("concept:", "the change date after ':' is missing")]
    [InlineData("concept:2024-13-01", "change date '2024-13-01' is not a valid YYYY-MM-DD date")]
    [InlineData("mixed:24-01-01", "change date '24-01-01' is not a valid YYYY-MM-DD date")]
    [InlineData("covariate:2024-01-01:x", "change date '2024-01-01:x'")]
    [InlineData("concept;2024-01-01", "unknown drift kind 'concept;2024-01-01'")]
    public void Rejects_bad_specs_naming_the_bad_part_and_what_is_accepted(string spec, string says)
    {
        var e = Assert.Throws<FormatException>(() => DriftSpec.Parse(spec));

        Assert.Contains(says, e.Message, StringComparison.Ordinal);
        Assert.Contains("expected none, covariate, concept, mixed, profile or overhaul, optionally followed by :YYYY-MM-DD", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_date_the_drift_starts_with_the_middle_cohort()
    {
        var calendar = SyntheticCalendar.For(new SyntheticOptions(Drift: DriftSpec.Parse("covariate")));

        Assert.Equal(new DateTime(2024, 3, 25, 0, 0, 0, DateTimeKind.Utc), calendar.ChangeAt);
        Assert.Equal(3, calendar.FirstDriftedCohort);
    }

    [Fact]
    public void A_change_date_between_cohorts_starts_the_drift_at_the_next_cohort()
    {
        var calendar = SyntheticCalendar.For(new SyntheticOptions(Drift: DriftSpec.Parse("concept:2023-07-01")));

        Assert.Equal(2, calendar.FirstDriftedCohort);
        Assert.True(calendar.AfterChange(calendar.CohortStarts[2]));
        Assert.False(calendar.AfterChange(calendar.CohortStarts[1]));
    }
}
