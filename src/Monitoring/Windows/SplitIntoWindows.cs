using System.Globalization;

namespace MatchModels.Monitoring.Windows;

/// <summary>Cuts timestamped rows into consecutive windows, as pure functions over the timestamps.</summary>
public static class SplitIntoWindows
{
    /// <summary>
    /// The windows of <paramref name="spec"/> over <paramref name="times"/> (UTC; rows need not be sorted). Calendar windows
    /// run from the one holding the earliest row to the one holding the latest, empty ones included; count windows take
    /// the rows in time order (ties in input order), the last one holding what remains. No rows give no windows.
    /// </summary>
    public static IReadOnlyList<Window> Split(ReadOnlySpan<DateTime> times, WindowSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        foreach (DateTime t in times)
        {
            if (t.Kind == DateTimeKind.Local)
            {
                throw new ArgumentException("window times must be UTC, not local times.", nameof(times));
            }
        }

        return spec.Unit == WindowUnit.Count ? ByCount(times, spec.Rows) : ByCalendar(times, spec.Unit);
    }

    private static List<Window> ByCalendar(ReadOnlySpan<DateTime> times, WindowUnit unit)
    {
        var windows = new List<Window>();
        if (times.IsEmpty)
        {
            return windows;
        }

        DateTime min = DateTime.MaxValue;
        DateTime max = DateTime.MinValue;
        foreach (DateTime t in times)
        {
            min = t < min ? t : min;
            max = t > max ? t : max;
        }

        var starts = new List<DateTime>();
        for (DateTime start = PeriodStart(min, unit); start <= max; start = Next(start, unit))
        {
            starts.Add(start);
        }

        var rows = starts.Select(_ => new List<int>()).ToArray();
        for (int i = 0; i < times.Length; i++)
        {
            DateTime start = PeriodStart(times[i], unit);
            rows[starts.BinarySearch(start)].Add(i);
        }

        for (int k = 0; k < starts.Count; k++)
        {
            DateTime start = DateTime.SpecifyKind(starts[k], DateTimeKind.Utc);
            windows.Add(new Window(Label(start, unit), start, DateTime.SpecifyKind(Next(start, unit), DateTimeKind.Utc), [.. rows[k]]));
        }

        return windows;
    }

    private static List<Window> ByCount(ReadOnlySpan<DateTime> times, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        DateTime[] keys = times.ToArray();
        int[] order = [.. Enumerable.Range(0, keys.Length)];
        Array.Sort(order, (a, b) => keys[a] != keys[b] ? keys[a].CompareTo(keys[b]) : a.CompareTo(b));
        var windows = new List<Window>();
        for (int first = 0; first < order.Length; first += size)
        {
            int[] rows = order[first..Math.Min(first + size, order.Length)];
            DateTime start = DateTime.SpecifyKind(keys[rows[0]], DateTimeKind.Utc);
            DateTime end = DateTime.SpecifyKind(keys[rows[^1]].AddTicks(1), DateTimeKind.Utc);
            string label = string.Create(CultureInfo.InvariantCulture, $"rows {first + 1}-{first + rows.Length}");
            Array.Sort(rows);
            windows.Add(new Window(label, start, end, rows));
        }

        return windows;
    }

    /// <summary>The start of the day, ISO week (its Monday) or month holding <paramref name="t"/>.</summary>
    public static DateTime PeriodStart(DateTime t, WindowUnit unit) => unit switch
    {
        WindowUnit.Day => t.Date,
        WindowUnit.Week => t.Date.AddDays(-(((int)t.DayOfWeek + 6) % 7)),
        WindowUnit.Month => new DateTime(t.Year, t.Month, 1, 0, 0, 0, DateTimeKind.Utc),
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "not a calendar unit"),
    };

    private static DateTime Next(DateTime start, WindowUnit unit) => unit switch
    {
        WindowUnit.Day => start.AddDays(1),
        WindowUnit.Week => start.AddDays(7),
        WindowUnit.Month => start.AddMonths(1),
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "not a calendar unit"),
    };

    private static string Label(DateTime start, WindowUnit unit) => unit switch
    {
        WindowUnit.Day => start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        // The ISO week-year of a week's Monday can differ from its calendar year (2024-12-30 is in 2025-W01).
        WindowUnit.Week => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(start)}-W{ISOWeek.GetWeekOfYear(start):D2}"),
        WindowUnit.Month => start.ToString("yyyy-MM", CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "not a calendar unit"),
    };
}
