using System.Globalization;

namespace MatchModels.Synthetic;

/// <summary>
/// When each cohort starts (its pairs are all matched at that instant) and when the drift begins. A cohort
/// starts at 09:00 UTC on its start date; the drift applies to cohorts whose start is on or after the change date.
/// </summary>
internal sealed record SyntheticCalendar(IReadOnlyList<DateTime> CohortStarts, DateTime ChangeAt, int FirstDriftedCohort)
{
    /// <summary>Matching happens at 09:00 UTC on the start date.</summary>
    public static readonly TimeSpan MatchTimeOfDay = TimeSpan.FromHours(9);

    public static SyntheticCalendar For(SyntheticOptions o)
    {
        var starts = new DateTime[o.Cohorts];
        for (int c = 0; c < o.Cohorts; c++)
        {
            DateOnly day = o.FirstCohortStart.AddDays(c * o.CohortSpacingDays);
            starts[c] = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) + MatchTimeOfDay;
        }

        // Without a date the drift starts with the middle cohort (the fourth of six).
        DateOnly change = o.EffectiveDrift.ChangeDate ?? DateOnly.FromDateTime(starts[o.Cohorts / 2]);
        DateTime changeAt = change.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        int first = o.Cohorts;
        for (int c = o.Cohorts - 1; c >= 0 && starts[c] >= changeAt; c--)
        {
            first = c;
        }

        return new SyntheticCalendar(starts, changeAt, first);
    }

    public bool AfterChange(DateTime t) => t >= ChangeAt;

    public static string CohortId(int cohort, DateTime start) =>
        $"c{cohort + 1:D2}-{start.ToString("yyyy-MM", CultureInfo.InvariantCulture)}";
}
