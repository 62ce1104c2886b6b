using MatchModels.Monitoring.Windows;

namespace MatchModels.Monitoring.Tests.Windows;

public sealed class SplitIntoWindowsTests
{
    private static DateTime Utc(int year, int month, int day, int hour = 0, int minute = 0) => new(year, month, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public void Days_include_empty_days_between_the_first_and_last_row()
    {
        DateTime[] times = [Utc(2025, 3, 3, 23, 59), Utc(2025, 3, 1, 8), Utc(2025, 3, 1, 0)];

        IReadOnlyList<Window> windows = SplitIntoWindows.Split(times, WindowSpec.Day);

        Assert.Equal(["2025-03-01", "2025-03-02", "2025-03-03"], windows.Select(w => w.Label));
        Assert.Equal([1, 2], windows[0].Rows);
        Assert.True(windows[1].IsEmpty);
        Assert.Equal([0], windows[2].Rows);
        Assert.Equal((Utc(2025, 3, 3), Utc(2025, 3, 4)), (windows[2].Start, windows[2].End));
    }

    [Fact]
    public void Weeks_are_iso_weeks_from_monday_numbered_in_their_week_year()
    {
        // Monday 2024-12-30 opens ISO week 2025-W01; Sunday 2025-01-05 closes it; Monday 2025-01-06 opens W02.
        DateTime[] times = [Utc(2024, 12, 30), Utc(2025, 1, 5, 23, 59), Utc(2025, 1, 6), Utc(2024, 12, 29, 12)];

        IReadOnlyList<Window> windows = SplitIntoWindows.Split(times, WindowSpec.Week);

        Assert.Equal(["2024-W52", "2025-W01", "2025-W02"], windows.Select(w => w.Label));
        Assert.Equal([3], windows[0].Rows);
        Assert.Equal([0, 1], windows[1].Rows);
        Assert.Equal([2], windows[2].Rows);
        Assert.Equal(Utc(2024, 12, 30), windows[1].Start);
        Assert.Equal(DayOfWeek.Monday, windows[0].Start.DayOfWeek);
    }

    [Fact]
    public void Months_split_at_midnight_on_the_first()
    {
        DateTime[] times = [Utc(2025, 1, 31, 23, 59), Utc(2025, 2, 1), Utc(2025, 3, 15)];

        IReadOnlyList<Window> windows = SplitIntoWindows.Split(times, WindowSpec.Month);

        Assert.Equal(["2025-01", "2025-02", "2025-03"], windows.Select(w => w.Label));
        Assert.Equal([[0], [1], [2]], windows.Select(w => w.Rows));
        Assert.Equal(Utc(2025, 3, 1), windows[1].End);
    }

    [Fact]
    public void Count_windows_take_rows_in_time_order_and_keep_the_remainder()
    {
        // Rows 1 and 3 share a time: input order breaks the tie.
        DateTime[] times = [Utc(2025, 1, 5), Utc(2025, 1, 2), Utc(2025, 1, 1), Utc(2025, 1, 2), Utc(2025, 1, 9)];

        IReadOnlyList<Window> windows = SplitIntoWindows.Split(times, WindowSpec.EveryRows(2));

        Assert.Equal(["rows 1-2", "rows 3-4", "rows 5-5"], windows.Select(w => w.Label));
        Assert.Equal([[1, 2], [0, 3], [4]], windows.Select(w => w.Rows));
        Assert.Equal(Utc(2025, 1, 1), windows[0].Start);
        Assert.True(windows[0].End > Utc(2025, 1, 2) && windows[0].End < Utc(2025, 1, 2, 0, 1));
    }

    [Fact]
    public void No_rows_give_no_windows()
    {
        Assert.Empty(SplitIntoWindows.Split([], WindowSpec.Week));
        Assert.Empty(SplitIntoWindows.Split([], WindowSpec.EveryRows(10)));
    }

    [Fact]
    public void Local_times_are_refused()
    {
        Assert.Throws<ArgumentException>(() => SplitIntoWindows.Split([new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Local)], WindowSpec.Day));
    }

    [Theory]
    [InlineData("day", WindowUnit.Day, 0)]
    [InlineData("Week", WindowUnit.Week, 0)]
    [InlineData("month", WindowUnit.Month, 0)]
    [InlineData("500", WindowUnit.Count, 500)]
    public void Window_specs_parse_as_the_command_line_gives_them(string text, WindowUnit unit, int rows)
    {
        Assert.Equal(new WindowSpec(unit, rows), WindowSpec.Parse(text));
    }

    [Theory]
    [InlineData("weekly")]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("")]
    public void Bad_window_specs_are_refused(string text)
    {
        Assert.Throws<FormatException>(() => WindowSpec.Parse(text));
    }
}
