namespace MatchModels.Monitoring.Windows;

/// <summary>
/// One window of rows: its label (<c>2025-03-01</c>, <c>2025-W09</c>, <c>2025-03</c>, or <c>rows 1-500</c>), the half-open
/// span [Start, End) that holds its rows, and the positions of those rows in the input, ascending. A calendar window
/// with no rows is kept, so a gap in the log shows as an empty window rather than vanishing.
/// </summary>
public sealed record Window(string Label, DateTime Start, DateTime End, int[] Rows)
{
    public bool IsEmpty => Rows.Length == 0;
}
