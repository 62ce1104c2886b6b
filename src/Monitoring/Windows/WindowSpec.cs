using System.Globalization;

namespace MatchModels.Monitoring.Windows;

public enum WindowUnit
{
    /// <summary>A UTC calendar day.</summary>
    Day,

    /// <summary>An ISO 8601 week: Monday 00:00 UTC to the next Monday, numbered within its ISO week-year.</summary>
    Week,

    /// <summary>A UTC calendar month.</summary>
    Month,

    /// <summary>A fixed number of consecutive rows in time order.</summary>
    Count,
}

/// <summary>How rows are cut into windows: by calendar day, ISO week or month, or every <see cref="Rows"/> rows.</summary>
public sealed record WindowSpec(WindowUnit Unit, int Rows = 0)
{
    public static WindowSpec Day { get; } = new(WindowUnit.Day);

    public static WindowSpec Week { get; } = new(WindowUnit.Week);

    public static WindowSpec Month { get; } = new(WindowUnit.Month);

    public static WindowSpec EveryRows(int rows)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 1);
        return new WindowSpec(WindowUnit.Count, rows);
    }

    /// <summary>Reads <c>day</c>, <c>week</c>, <c>month</c> or a positive whole number of rows, as <c>monitor --window</c> takes it.</summary>
    public static WindowSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "day" => Day,
            "week" => Week,
            "month" => Month,
            string n when int.TryParse(n, NumberStyles.None, CultureInfo.InvariantCulture, out int rows) && rows > 0 => EveryRows(rows),
            _ => throw new FormatException($"'{text}' is not a window: expected day, week, month or a positive number of rows"),
        };
    }

    public override string ToString() => Unit == WindowUnit.Count ? Rows.ToString(CultureInfo.InvariantCulture) : Unit.ToString().ToLowerInvariant();
}
