namespace MatchModels.Monitoring.Windows;

/// <summary>Which time of a logged prediction places it in a window, in the span and before its outcome.</summary>
public enum RowTime
{
    /// <summary>When the row was logged: the time a served request was answered or a batch ran.</summary>
    Logged,

    /// <summary>
    /// The cut-off the pair's features were read at (the log's <c>as_of</c>, which <c>predict --log</c> writes): a replay
    /// of an older history is windowed by when its pairs were decided. Rows without one are counted and set aside.
    /// </summary>
    AsOf,
}

/// <summary>Reads <c>monitor --time</c>.</summary>
public static class RowTimes
{
    public const string Accepted = "logged or as-of";

    /// <exception cref="FormatException">Neither word; the message says what is accepted.</exception>
    public static RowTime Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Trim().ToLowerInvariant() switch
        {
            "logged" => RowTime.Logged,
            "as-of" or "as_of" => RowTime.AsOf,
            _ => throw new FormatException($"--time '{text}': expected {Accepted}"),
        };
    }

    /// <summary>The word <see cref="Parse"/> reads back, as the report names it.</summary>
    public static string Name(RowTime time) => time == RowTime.AsOf ? "as-of" : "logged";
}
