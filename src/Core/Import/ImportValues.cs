using System.Globalization;

namespace MatchModels.Core.Import;

/// <summary>
/// The pure conversions of an import: a date in stated formats and time zone to the history's UTC text, a cell split
/// into a list, a value looked up in a value map. Each says whether it succeeded; the caller names the row and column.
/// </summary>
public static class ImportValues
{
    /// <summary>The text the history reads for an instant: ISO 8601 in UTC, to the second.</summary>
    public const string HistoryDateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";

    /// <summary>
    /// Reads <paramref name="text"/> with one of <paramref name="formats"/> (.NET custom formats, invariant culture). A
    /// format with an offset (<c>K</c>, <c>zzz</c>) gives the instant itself; otherwise the time is read as a local time
    /// of <paramref name="zone"/>. False when no format fits, or the local time does not exist there (a spring-forward gap).
    /// </summary>
    public static bool TryParseDate(string text, IReadOnlyList<string> formats, TimeZoneInfo zone, out DateTime utc)
    {
        utc = default;
        if (!DateTime.TryParseExact(text.Trim(), [.. formats], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out DateTime t))
        {
            return false;
        }

        if (t.Kind == DateTimeKind.Utc)
        {
            utc = t;
            return true;
        }

        if (zone.IsInvalidTime(t))
        {
            return false;
        }

        utc = TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(t, DateTimeKind.Unspecified), zone);
        return true;
    }

    /// <summary>The items of a cell: split on <paramref name="separator"/>, trimmed, empty items dropped.</summary>
    public static string[] Split(string text, string separator) =>
        text.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Looks up a value (trimmed) in a value map; false when the map does not have it.</summary>
    public static bool TryMap(IReadOnlyDictionary<string, string?> map, string value, out string? mapped) =>
        map.TryGetValue(value.Trim(), out mapped);
}
