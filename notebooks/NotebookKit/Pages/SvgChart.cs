using System.Globalization;
using System.Text;
using MatchModels.NotebookKit.Statistics;

namespace MatchModels.NotebookKit.Pages;

/// <summary>One group's rate in a series; null leaves the bar out (e.g. a group too small to plot).</summary>
public sealed record RateSeries(string Name, IReadOnlyList<Proportion?> Values);

/// <summary>A line through points of the unit square (ROC curve, reliability diagram).</summary>
public sealed record CurveSeries(string Name, IReadOnlyList<(double X, double Y)> Points);

/// <summary>
/// One value per category on a line chart, each with an optional interval drawn as a whisker; a null value leaves a gap
/// (nothing could be computed there).
/// </summary>
public sealed record LineSeries(string Name, IReadOnlyList<double?> Values, IReadOnlyList<(double Low, double High)?>? Intervals = null);

/// <summary>A horizontal line across a line chart at <paramref name="Value"/>, dashed, labelled at its right end.</summary>
public sealed record ReferenceLine(string Label, double Value);

/// <summary>
/// One cell of a heat map: <paramref name="Intensity"/> in [0, 1] (how close to its threshold, 1 at or past it),
/// <paramref name="Flagged"/> when it crossed the threshold, and the text shown on hover.
/// </summary>
public sealed record HeatCell(double Intensity, bool Flagged, string Tooltip);

/// <summary>
/// A chart drawn as inline SVG: text stays text (searchable, sharp at any zoom), and the page needs no image file.
/// <see cref="Kind"/> is written as the figure's data-chart attribute, which the browser test counts.
/// </summary>
public sealed record SvgChart(string Kind, string Title, string Caption, string Svg)
{
    /// <summary>Okabe and Ito's colour-blind safe palette (2008), in the order series take it.</summary>
    public static readonly IReadOnlyList<string> Palette = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];

    /// <summary>Group labels longer than this, or more groups than <see cref="UprightLabels"/>, are drawn slanted.</summary>
    private const int ShortLabel = 8;

    private const int UprightLabels = 8;

    internal string Figure() =>
        $"<figure class=\"chart\" data-chart=\"{Html.Escape(Kind)}\">{Svg}<figcaption>{Html.Escape(Caption)}</figcaption></figure>";

    /// <summary>
    /// Grouped vertical bars of rates on a 0–100% axis, one colour per series, each bar with its 95% interval as a
    /// whisker.
    /// </summary>
    public static SvgChart Rates(string title, string caption, IReadOnlyList<string> groups, IReadOnlyList<RateSeries> series)
    {
        ArgumentNullException.ThrowIfNull(groups);
        ArgumentNullException.ThrowIfNull(series);
        const int Right = 16, Top = 44, PlotHeight = 220, BarWidth = 16, GroupGap = 14, CharWidth = 6;
        bool slanted = groups.Count > UprightLabels || groups.Any(g => g.Length > ShortLabel);
        int longest = groups.Count == 0 ? 0 : Math.Min(24, groups.Max(g => g.Length));
        int labelRoom = slanted ? 16 + (CharWidth * longest) : 28;
        int groupWidth = (series.Count * BarWidth) + GroupGap;

        // A slanted first label reaches left of its group by about cos 40° of its length: leave room for it.
        int firstReach = groups.Count == 0 || !slanted ? 0 : (int)(0.77 * CharWidth * Math.Min(24, groups[0].Length)) - (groupWidth / 2);
        int left = Math.Max(48, firstReach + 8);
        int width = Math.Max(360, left + Right + (groups.Count * groupWidth));
        int height = Top + PlotHeight + labelRoom;
        var s = Open(width, height, title);
        double Y(double rate) => Top + (PlotHeight * (1 - rate));
        for (int tick = 0; tick <= 4; tick++)
        {
            double y = Y(tick / 4.0);
            s.Append(Invariant($"<line x1=\"{left}\" y1=\"{y:0.#}\" x2=\"{width - Right}\" y2=\"{y:0.#}\" stroke=\"#e3e6ea\"/>"))
                .Append(Invariant($"<text x=\"{left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{tick * 25}%</text>"));
        }

        for (int g = 0; g < groups.Count; g++)
        {
            double x0 = left + (g * groupWidth) + (GroupGap / 2.0);
            for (int k = 0; k < series.Count; k++)
            {
                if (g >= series[k].Values.Count || series[k].Values[g] is not { Trials: > 0 } p)
                {
                    continue;
                }

                double x = x0 + (k * BarWidth), top = Y(p.Rate);
                s.Append(Invariant($"<rect x=\"{x:0.#}\" y=\"{top:0.#}\" width=\"{BarWidth - 2}\" height=\"{Y(0) - top:0.#}\" fill=\"{Palette[k % Palette.Count]}\" opacity=\"0.85\">"))
                    .Append("<title>").Append(Html.Escape($"{groups[g]}, {series[k].Name}: {Html.Percent(p.Rate)} {Html.PercentInterval(p.Low, p.High)}, n = {p.Trials}")).Append("</title></rect>");
                double mid = x + ((BarWidth - 2) / 2.0);
                s.Append(Invariant($"<path d=\"M{mid:0.#} {Y(p.Low):0.#}V{Y(p.High):0.#}M{mid - 3:0.#} {Y(p.Low):0.#}h6M{mid - 3:0.#} {Y(p.High):0.#}h6\" stroke=\"#1d2125\" fill=\"none\"/>"));
            }

            double centre = x0 + ((series.Count * BarWidth) / 2.0);
            string label = Html.Escape(Shorten(groups[g]));
            s.Append(slanted
                ? Invariant($"<text x=\"{centre:0.#}\" y=\"{Top + PlotHeight + 12}\" text-anchor=\"end\" transform=\"rotate(-40 {centre:0.#} {Top + PlotHeight + 12})\">{label}</text>")
                : Invariant($"<text x=\"{centre:0.#}\" y=\"{Top + PlotHeight + 16}\" text-anchor=\"middle\">{label}</text>"));
        }

        s.Append(Invariant($"<line x1=\"{left}\" y1=\"{Y(0)}\" x2=\"{width - Right}\" y2=\"{Y(0)}\" stroke=\"#57606a\"/>"));
        Legend(s, series.Select(x => x.Name).ToList(), left, 34);
        return new SvgChart("rates", title, caption, s.Append("</svg>").ToString());
    }

    /// <summary>Curves on the unit square with a dashed diagonal: ROC curves (chance) or reliability diagrams (perfect calibration).</summary>
    public static SvgChart Curves(string kind, string title, string caption, string xLabel, string yLabel, IReadOnlyList<CurveSeries> series, bool markers)
    {
        ArgumentNullException.ThrowIfNull(series);
        const int Left = 52, Top = 44, Size = 260, Bottom = 44, Right = 16;
        int width = Left + Size + Right, height = Top + Size + Bottom;
        var s = Open(width, height, title);
        double X(double v) => Left + (Size * v);
        double Y(double v) => Top + (Size * (1 - v));
        for (int tick = 0; tick <= 4; tick++)
        {
            double v = tick / 4.0;
            s.Append(Invariant($"<line x1=\"{X(0)}\" y1=\"{Y(v):0.#}\" x2=\"{X(1)}\" y2=\"{Y(v):0.#}\" stroke=\"#e3e6ea\"/>"))
                .Append(Invariant($"<line x1=\"{X(v):0.#}\" y1=\"{Y(0)}\" x2=\"{X(v):0.#}\" y2=\"{Y(1)}\" stroke=\"#e3e6ea\"/>"))
                .Append(Invariant($"<text x=\"{Left - 6}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\">{v:0.##}</text>"))
                .Append(Invariant($"<text x=\"{X(v):0.#}\" y=\"{Top + Size + 16}\" text-anchor=\"middle\">{v:0.##}</text>"));
        }

        s.Append(Invariant($"<path d=\"M{X(0)} {Y(0)}L{X(1)} {Y(1)}\" stroke=\"#8b949e\" stroke-dasharray=\"4 4\" fill=\"none\"/>"))
            .Append(Invariant($"<rect x=\"{X(0)}\" y=\"{Y(1)}\" width=\"{Size}\" height=\"{Size}\" fill=\"none\" stroke=\"#57606a\"/>"))
            .Append(Invariant($"<text x=\"{X(0.5)}\" y=\"{height - 8}\" text-anchor=\"middle\">")).Append(Html.Escape(xLabel)).Append("</text>")
            .Append(Invariant($"<text x=\"14\" y=\"{Y(0.5)}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Y(0.5)})\">")).Append(Html.Escape(yLabel)).Append("</text>");
        for (int k = 0; k < series.Count; k++)
        {
            string colour = Palette[k % Palette.Count];
            IReadOnlyList<(double X, double Y)> points = series[k].Points;
            if (points.Count == 0)
            {
                continue;
            }

            s.Append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"").Append(colour).Append("\" points=\"")
                .AppendJoin(' ', points.Select(p => Invariant($"{X(p.X):0.#},{Y(p.Y):0.#}"))).Append("\"/>");
            if (markers)
            {
                foreach ((double px, double py) in points)
                {
                    s.Append(Invariant($"<circle cx=\"{X(px):0.#}\" cy=\"{Y(py):0.#}\" r=\"3\" fill=\"{colour}\"/>"));
                }
            }
        }

        Legend(s, series.Select(x => x.Name).ToList(), Left, 34);
        return new SvgChart(kind, title, caption, s.Append("</svg>").ToString());
    }

    /// <summary>Horizontal bars around zero, positive to the right in the first colour and negative to the left in the second.</summary>
    public static SvgChart SignedBars(string kind, string title, string caption, IReadOnlyList<(string Label, double Value)> bars, Func<double, string> format)
    {
        ArgumentNullException.ThrowIfNull(bars);
        ArgumentNullException.ThrowIfNull(format);
        // Narrow enough for two charts side by side in the page's 1000 pixels.
        const int LabelWidth = 200, BarArea = 200, ValueRoom = 56, Top = 40, Row = 22, LabelCharacters = 32;
        int width = LabelWidth + BarArea + ValueRoom, height = Top + (Math.Max(1, bars.Count) * Row) + 12;
        double extent = bars.Count == 0 ? 1 : Math.Max(1e-12, bars.Max(b => Math.Abs(b.Value)));
        double zero = LabelWidth + (BarArea / 2.0);
        var s = Open(width, height, title);
        s.Append(Invariant($"<line x1=\"{zero}\" y1=\"{Top - 6}\" x2=\"{zero}\" y2=\"{height - 8}\" stroke=\"#57606a\"/>"));
        for (int i = 0; i < bars.Count; i++)
        {
            (string label, double value) = bars[i];
            double y = Top + (i * Row), length = BarArea / 2.0 * Math.Abs(value) / extent;
            double x = value >= 0 ? zero : zero - length;
            s.Append(Invariant($"<text x=\"{LabelWidth - 8}\" y=\"{y + 14}\" text-anchor=\"end\">")).Append(Html.Escape(Shorten(label, LabelCharacters))).Append("</text>")
                .Append(Invariant($"<rect x=\"{x:0.#}\" y=\"{y + 3}\" width=\"{Math.Max(1, length):0.#}\" height=\"{Row - 6}\" fill=\"{Palette[value >= 0 ? 0 : 1]}\" opacity=\"0.85\"><title>"))
                .Append(Html.Escape($"{label}: {format(value)}")).Append("</title></rect>")
                .Append(Invariant($"<text x=\"{LabelWidth + BarArea + 6}\" y=\"{y + 14}\">")).Append(Html.Escape(format(value))).Append("</text>");
        }

        return new SvgChart(kind, title, caption, s.Append("</svg>").ToString());
    }

    /// <summary>
    /// A grid of cells, one row per <paramref name="rows"/> entry and one column per <paramref name="columns"/> entry:
    /// flagged cells in vermillion, the others grey, both darker the higher their intensity; a null cell is left white
    /// (nothing computed). Each cell carries its tooltip as an SVG title.
    /// </summary>
    public static SvgChart HeatMap(string kind, string title, string caption, IReadOnlyList<string> rows, IReadOnlyList<string> columns, IReadOnlyList<IReadOnlyList<HeatCell?>> cells)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(cells);
        const int LabelWidth = 190, Top = 40, Cell = 18, Right = 16, LabelCharacters = 30, CharWidth = 6;
        int longest = columns.Count == 0 ? 0 : Math.Min(24, columns.Max(c => c.Length));
        int columnRoom = 16 + (CharWidth * longest);
        int cellWidth = Math.Max(Cell, Math.Min(56, 640 / Math.Max(1, columns.Count)));
        int width = Math.Max(360, LabelWidth + (columns.Count * cellWidth) + Right);
        int height = Top + (rows.Count * Cell) + columnRoom;
        var s = Open(width, height, title);
        for (int r = 0; r < rows.Count; r++)
        {
            double y = Top + (r * Cell);
            s.Append(Invariant($"<text x=\"{LabelWidth - 6}\" y=\"{y + 13:0.#}\" text-anchor=\"end\">")).Append(Html.Escape(Shorten(rows[r], LabelCharacters))).Append("</text>");
            for (int c = 0; c < columns.Count; c++)
            {
                if (r >= cells.Count || c >= cells[r].Count || cells[r][c] is not { } cell)
                {
                    continue;
                }

                double x = LabelWidth + (c * cellWidth);
                double shade = 0.12 + (0.88 * Math.Clamp(cell.Intensity, 0, 1));
                string fill = cell.Flagged ? Palette[1] : "#57606a";
                s.Append(Invariant($"<rect x=\"{x:0.#}\" y=\"{y:0.#}\" width=\"{cellWidth - 1}\" height=\"{Cell - 1}\" fill=\"{fill}\" fill-opacity=\"{(cell.Flagged ? 1 : shade * 0.6):0.##}\"><title>"))
                    .Append(Html.Escape(cell.Tooltip)).Append("</title></rect>");
            }
        }

        double bottom = Top + (rows.Count * Cell);
        for (int c = 0; c < columns.Count; c++)
        {
            double centre = LabelWidth + (c * cellWidth) + (cellWidth / 2.0);
            s.Append(Invariant($"<text x=\"{centre:0.#}\" y=\"{bottom + 12:0.#}\" text-anchor=\"end\" transform=\"rotate(-40 {centre:0.#} {bottom + 12:0.#})\">"))
                .Append(Html.Escape(Shorten(columns[c]))).Append("</text>");
        }

        return new SvgChart(kind, title, caption, s.Append("</svg>").ToString());
    }

    /// <summary>
    /// Lines over categories (windows in time order) on a y axis from <paramref name="yMin"/> to <paramref name="yMax"/>:
    /// one colour per series with a marker per value and its interval as a whisker, gaps where a value is null, and
    /// dashed reference lines.
    /// </summary>
    public static SvgChart Lines(string kind, string title, string caption, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<LineSeries> series, double yMin, double yMax, IReadOnlyList<ReferenceLine>? references = null)
    {
        ArgumentNullException.ThrowIfNull(categories);
        ArgumentNullException.ThrowIfNull(series);
        if (!(yMax > yMin))
        {
            throw new ArgumentOutOfRangeException(nameof(yMax), yMax, "the y axis needs yMax above yMin");
        }

        const int Left = 56, Top = 44, PlotHeight = 220, Right = 96, CharWidth = 6;
        int longest = categories.Count == 0 ? 0 : Math.Min(24, categories.Max(c => c.Length));
        int step = Math.Max(28, Math.Min(90, 600 / Math.Max(1, categories.Count)));
        int width = Left + (Math.Max(1, categories.Count) * step) + Right;
        int height = Top + PlotHeight + 16 + (CharWidth * longest);
        var s = Open(width, height, title);
        double Y(double v) => Top + (PlotHeight * (1 - ((Math.Clamp(v, yMin, yMax) - yMin) / (yMax - yMin))));
        double X(int i) => Left + (step * (i + 0.5));
        for (int tick = 0; tick <= 4; tick++)
        {
            double v = yMin + ((yMax - yMin) * tick / 4.0);
            s.Append(Invariant($"<line x1=\"{Left}\" y1=\"{Y(v):0.#}\" x2=\"{width - Right}\" y2=\"{Y(v):0.#}\" stroke=\"#e3e6ea\"/>"))
                .Append(Invariant($"<text x=\"{Left - 6}\" y=\"{Y(v) + 4:0.#}\" text-anchor=\"end\">{v:0.###}</text>"));
        }

        s.Append(Invariant($"<text x=\"14\" y=\"{Y((yMin + yMax) / 2):0.#}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {Y((yMin + yMax) / 2):0.#})\">")).Append(Html.Escape(yLabel)).Append("</text>");
        foreach (ReferenceLine line in references ?? [])
        {
            s.Append(Invariant($"<path d=\"M{Left} {Y(line.Value):0.#}H{width - Right}\" stroke=\"#8b949e\" stroke-dasharray=\"4 4\" fill=\"none\"/>"))
                .Append(Invariant($"<text x=\"{width - Right + 4}\" y=\"{Y(line.Value) + 4:0.#}\">")).Append(Html.Escape(Shorten(line.Label, 15))).Append("</text>");
        }

        for (int i = 0; i < categories.Count; i++)
        {
            s.Append(Invariant($"<text x=\"{X(i):0.#}\" y=\"{Top + PlotHeight + 12}\" text-anchor=\"end\" transform=\"rotate(-40 {X(i):0.#} {Top + PlotHeight + 12})\">"))
                .Append(Html.Escape(Shorten(categories[i]))).Append("</text>");
        }

        for (int k = 0; k < series.Count; k++)
        {
            string colour = Palette[k % Palette.Count];
            LineSeries line = series[k];
            var path = new StringBuilder();
            bool open = false;
            for (int i = 0; i < categories.Count && i < line.Values.Count; i++)
            {
                if (line.Values[i] is not { } v || double.IsNaN(v))
                {
                    open = false;
                    continue;
                }

                path.Append(open ? 'L' : 'M').Append(Invariant($"{X(i):0.#} {Y(v):0.#}"));
                open = true;
            }

            if (path.Length > 0)
            {
                s.Append("<path fill=\"none\" stroke-width=\"2\" stroke=\"").Append(colour).Append("\" d=\"").Append(path).Append("\"/>");
            }

            for (int i = 0; i < categories.Count && i < line.Values.Count; i++)
            {
                if (line.Values[i] is not { } v || double.IsNaN(v))
                {
                    continue;
                }

                if (line.Intervals is { } intervals && i < intervals.Count && intervals[i] is { } ci)
                {
                    s.Append(Invariant($"<path d=\"M{X(i):0.#} {Y(ci.Low):0.#}V{Y(ci.High):0.#}M{X(i) - 3:0.#} {Y(ci.Low):0.#}h6M{X(i) - 3:0.#} {Y(ci.High):0.#}h6\" stroke=\"{colour}\" fill=\"none\"/>"));
                }

                s.Append(Invariant($"<circle cx=\"{X(i):0.#}\" cy=\"{Y(v):0.#}\" r=\"3\" fill=\"{colour}\"><title>"))
                    .Append(Html.Escape($"{categories[i]}, {line.Name}: {v.ToString("0.###", CultureInfo.InvariantCulture)}")).Append("</title></circle>");
            }
        }

        s.Append(Invariant($"<rect x=\"{Left}\" y=\"{Top}\" width=\"{width - Right - Left}\" height=\"{PlotHeight}\" fill=\"none\" stroke=\"#57606a\"/>"));
        Legend(s, series.Select(x => x.Name).ToList(), Left, 34);
        return new SvgChart(kind, title, caption, s.Append("</svg>").ToString());
    }

    private static StringBuilder Open(int width, int height, string title) =>
        new StringBuilder(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"system-ui, 'DejaVu Sans', sans-serif\" font-size=\"11\" fill=\"#1d2125\">"))
            .Append("<title>").Append(Html.Escape(title)).Append("</title>")
            .Append("<text x=\"8\" y=\"18\" font-size=\"13\" font-weight=\"600\">").Append(Html.Escape(title)).Append("</text>");

    private static void Legend(StringBuilder s, IReadOnlyList<string> names, int x, int y)
    {
        double at = x;
        for (int k = 0; k < names.Count; k++)
        {
            s.Append(Invariant($"<rect x=\"{at:0.#}\" y=\"{y - 9}\" width=\"10\" height=\"10\" fill=\"{Palette[k % Palette.Count]}\"/>"))
                .Append(Invariant($"<text x=\"{at + 14:0.#}\" y=\"{y}\">")).Append(Html.Escape(names[k])).Append("</text>");
            at += 24 + (6.5 * names[k].Length);
        }
    }

    private static string Shorten(string label, int max = 24) => label.Length <= max ? label : label[..(max - 1)] + "…";

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
