using MatchModels.Core.Import;

namespace MatchModels.Core.Tests.Import;

public sealed class ImportValuesTests
{
    private static readonly TimeZoneInfo s_paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    [Theory]
    [InlineData("13/01/2025", "dd/MM/yyyy", "UTC", "2025-01-13T00:00:00Z")]
    [InlineData("13/01/2025", "dd/MM/yyyy", "Europe/Paris", "2025-01-12T23:00:00Z")] // CET, UTC+1
    [InlineData("2025-07-01 10:00", "yyyy-MM-dd HH:mm", "Europe/Paris", "2025-07-01T08:00:00Z")] // CEST, UTC+2
    [InlineData("2025-07-01T10:00+05:00", "yyyy-MM-dd'T'HH:mmzzz", "Europe/Paris", "2025-07-01T05:00:00Z")] // an offset wins over the zone
    public void A_date_in_a_stated_format_and_zone_becomes_UTC(string text, string format, string zone, string expected)
    {
        Assert.True(ImportValues.TryParseDate(text, [format], TimeZoneInfo.FindSystemTimeZoneById(zone), out DateTime utc));

        Assert.Equal(DateTimeKind.Utc, utc.Kind);
        Assert.Equal(expected, utc.ToString(ImportValues.HistoryDateFormat, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void The_first_format_that_fits_is_used()
    {
        Assert.True(ImportValues.TryParseDate("2025-01-13 09:30", ["dd/MM/yyyy", "yyyy-MM-dd HH:mm"], TimeZoneInfo.Utc, out DateTime utc));

        Assert.Equal(new DateTime(2025, 1, 13, 9, 30, 0, DateTimeKind.Utc), utc);
    }

    [Theory]
    [InlineData("2025-01-13")] // ISO, but not the stated format
    [InlineData("13/13/2025")] // no 13th month
    [InlineData("01/13/2025")] // US order
    public void A_date_in_another_format_does_not_parse(string text)
    {
        Assert.False(ImportValues.TryParseDate(text, ["dd/MM/yyyy"], TimeZoneInfo.Utc, out _));
    }

    [Fact]
    public void A_local_time_in_the_spring_forward_gap_does_not_exist()
    {
        // Paris skipped from 02:00 to 03:00 on 30 March 2025.
        Assert.False(ImportValues.TryParseDate("2025-03-30 02:30", ["yyyy-MM-dd HH:mm"], s_paris, out _));
        Assert.True(ImportValues.TryParseDate("2025-03-30 03:30", ["yyyy-MM-dd HH:mm"], s_paris, out DateTime after));
        Assert.Equal(new DateTime(2025, 3, 30, 1, 30, 0, DateTimeKind.Utc), after);
    }

    [Theory]
    [InlineData("fr;en", ";", new[] { "fr", "en" })]
    [InlineData(" fr ; en ;; ", ";", new[] { "fr", "en" })]
    [InlineData("negotiation|public speaking", "|", new[] { "negotiation", "public speaking" })]
    [InlineData("fr;en", ",", new[] { "fr;en" })]
    public void A_list_is_split_on_its_stated_separator_trimmed_without_empty_items(string text, string separator, string[] expected)
    {
        Assert.Equal(expected, ImportValues.Split(text, separator));
    }

    [Fact]
    public void A_value_map_is_looked_up_on_the_trimmed_value_and_exactly()
    {
        var map = new Dictionary<string, string?> { ["Sr. Manager"] = "7", ["n/a"] = null };

        Assert.True(ImportValues.TryMap(map, " Sr. Manager ", out string? level));
        Assert.Equal("7", level);
        Assert.True(ImportValues.TryMap(map, "n/a", out string? missing));
        Assert.Null(missing);
        Assert.False(ImportValues.TryMap(map, "sr. manager", out _));
    }
}
