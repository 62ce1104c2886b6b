using System.Globalization;
using MatchModels.Training.Evaluation;
using ScottPlot;
using ScottPlot.Plottables;
using SkiaSharp;

namespace MatchModels.Training.Reports;

/// <summary>The charts of a run report, each drawn with ScottPlot to a PNG of <see cref="Width"/> × <see cref="Height"/> pixels.</summary>
internal static class RunReportCharts
{
    /// <summary>Small enough that five charts keep the report at a few hundred kilobytes, large enough to read axis labels.</summary>
    public const int Width = 560;

    public const int Height = 420;

    /// <summary>More bars than this crowd the axis labels at <see cref="Height"/> pixels; the rest are named in the chart title.</summary>
    public const int MaxImportanceBars = 15;

    /// <summary>Score histograms use bins of 0.05: 20 bins resolve the shape without leaving most bins empty on a few hundred rows.</summary>
    public const int ScoreBins = 20;

    // ScottPlot picks DejaVu Serif on a bare Debian machine; a sans face reads better at chart sizes. These are checked in order.
    private static readonly string[] s_preferredFonts = ["DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial"];

    private static readonly string? s_font = FindFont();

    private static readonly Color s_model = Color.FromHex("#1f77b4");
    private static readonly Color s_positive = Color.FromHex("#d62728");
    private static readonly Color s_negative = Color.FromHex("#1f77b4");
    private static readonly Color s_reference = Color.FromHex("#7f7f7f");

    public static byte[] Roc(IReadOnlyList<RocPoint> curve, double auc)
    {
        Plot plot = NewPlot(
            double.IsNaN(auc) ? "ROC curve" : Invariant($"ROC curve (AUC {auc:0.000})"),
            "False positive rate",
            "True positive rate");
        Diagonal(plot, "Chance");
        if (curve.Count == 0)
        {
            NotAvailable(plot, "Not available: the test set holds one class");
        }
        else
        {
            Scatter line = plot.Add.ScatterLine(
                curve.Select(p => p.FalsePositiveRate).ToArray(),
                curve.Select(p => p.TruePositiveRate).ToArray(),
                s_model);
            line.LineWidth = 2;
            line.LegendText = "Model";
        }

        plot.ShowLegend(Alignment.LowerRight);
        UnitSquare(plot);
        return Render(plot);
    }

    public static byte[] PrecisionRecall(IReadOnlyList<PrPoint> curve, double averagePrecision, double baseRate)
    {
        Plot plot = NewPlot(
            double.IsNaN(averagePrecision) ? "Precision-recall curve" : Invariant($"Precision-recall curve (AP {averagePrecision:0.000})"),
            "Recall",
            "Precision");
        var baseLine = plot.Add.Line(0, baseRate, 1, baseRate);
        baseLine.Color = s_reference;
        baseLine.LinePattern = LinePattern.Dashed;
        baseLine.LegendText = Invariant($"Base rate ({baseRate:0.000})");
        if (curve.Count == 0)
        {
            NotAvailable(plot, "Not available: the test set has no positives");
        }
        else
        {
            // Average precision is the area under this curve read as steps, so draw the steps rather than straight joins.
            var xs = new List<double> { 0 };
            var ys = new List<double> { curve[0].Precision };
            foreach (PrPoint point in curve)
            {
                xs.Add(point.Recall);
                ys.Add(ys[^1]);
                xs.Add(point.Recall);
                ys.Add(point.Precision);
            }

            Scatter line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), s_model);
            line.LineWidth = 2;
            line.LegendText = "Model";
        }

        // A precision-recall curve can pass through any corner, so its legend sits below the axes, clear of the data.
        plot.ShowLegend(Edge.Bottom);
        UnitSquare(plot);
        return Render(plot);
    }

    public static byte[] Reliability(IReadOnlyList<ReliabilityBin> bins, double ece)
    {
        Plot plot = NewPlot(Invariant($"Reliability diagram (ECE {ece:0.000})"), "Mean predicted probability", "Observed positive rate");
        Diagonal(plot, "Perfect calibration");
        if (bins.Count == 0)
        {
            NotAvailable(plot, "Not available: no test rows");
            UnitSquare(plot);
            return Render(plot);
        }

        Scatter line = plot.Add.ScatterLine(
            bins.Select(b => b.MeanPredicted).ToArray(),
            bins.Select(b => b.ObservedRate).ToArray(),
            s_model);
        line.LineWidth = 2;
        line.MarkerSize = 8;
        line.LegendText = "Model (label: rows in bin)";
        foreach (ReliabilityBin bin in bins)
        {
            var count = plot.Add.Text(bin.Count.ToString(CultureInfo.InvariantCulture), bin.MeanPredicted, bin.ObservedRate);
            count.LabelFontSize = 11;
            count.LabelFontColor = Colors.Black;
            count.LabelAlignment = Alignment.LowerCenter;
            count.OffsetY = -6;
            if (s_font is not null)
            {
                count.LabelFontName = s_font;
            }
        }

        plot.ShowLegend(Alignment.UpperLeft);

        // Head room above 1 so the count over a point near the top stays inside the frame.
        plot.Axes.SetLimits(-0.02, 1.02, -0.04, 1.1);
        return Render(plot);
    }

    public static byte[] Importance(IReadOnlyList<FeatureImportance> importance)
    {
        FeatureImportance[] shown = importance.Take(MaxImportanceBars).ToArray();
        string title = importance.Count > shown.Length
            ? Invariant($"Permutation importance (top {shown.Length} of {importance.Count})")
            : "Permutation importance";
        Plot plot = NewPlot(title, "Drop in ROC AUC when shuffled (mean ± std)", "");
        if (shown.Length == 0)
        {
            NotAvailable(plot, "Not computed for this run");
            plot.Axes.SetLimits(0, 1, 0, 1);
            return Render(plot);
        }

        // The largest drop goes at the top, where the eye starts.
        var bars = new List<Bar>(shown.Length);
        double[] positions = new double[shown.Length];
        string[] labels = new string[shown.Length];
        for (int i = 0; i < shown.Length; i++)
        {
            positions[i] = shown.Length - 1 - i;
            labels[i] = shown[i].Feature;
            bars.Add(new Bar
            {
                Position = positions[i],
                Value = shown[i].Drop,
                Error = shown[i].Std,
                FillColor = s_model,

                // ScottPlot draws a bar's error whiskers with its outline style, so the outline must have a width.
                LineColor = Colors.Black,
                LineWidth = 1,
                ErrorSize = 0.3,
                Orientation = Orientation.Horizontal,
            });
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.Horizontal = true;
        plot.Axes.Left.SetTicks(positions, labels);
        plot.Axes.Left.MajorTickStyle.Length = 0;
        plot.Grid.YAxisStyle.IsVisible = false;
        var zero = plot.Add.VerticalLine(0, 1, Colors.Black);
        zero.LinePattern = LinePattern.Solid;
        plot.Axes.Margins(0.05, 0.05, 0.02, 0.02);
        return Render(plot);
    }

    public static byte[] ScoreDistributions(double[] scores, bool[] labels)
    {
        Plot plot = NewPlot("Score distribution by class", "Predicted probability", "Share of the class's rows");
        int positives = labels.Count(l => l);
        int negatives = labels.Length - positives;
        double highest = Math.Max(
            AddHistogram(plot, scores, labels, wanted: false, negatives, s_negative, Invariant($"Negative (n={negatives})")),
            AddHistogram(plot, scores, labels, wanted: true, positives, s_positive, Invariant($"Positive (n={positives})")));
        plot.ShowLegend(Alignment.UpperCenter);

        // Head room above the tallest bar keeps the legend off the bars.
        plot.Axes.SetLimits(-0.02, 1.02, 0, Math.Max(highest, 0.05) * 1.25);
        return Render(plot);
    }

    /// <summary>Shares rather than counts, so a rare class's shape is as visible as the common one's.</summary>
    /// <returns>The tallest bar's share, 0 when the class is absent.</returns>
    private static double AddHistogram(Plot plot, double[] scores, bool[] labels, bool wanted, int classCount, Color color, string legend)
    {
        if (classCount == 0)
        {
            return 0;
        }

        int[] counts = new int[ScoreBins];
        for (int i = 0; i < scores.Length; i++)
        {
            if (labels[i] == wanted)
            {
                counts[Math.Clamp((int)(scores[i] * ScoreBins), 0, ScoreBins - 1)]++;
            }
        }

        var bars = new List<Bar>(ScoreBins);
        for (int k = 0; k < ScoreBins; k++)
        {
            bars.Add(new Bar
            {
                Position = (k + 0.5) / ScoreBins,
                Value = (double)counts[k] / classCount,
                Size = 1.0 / ScoreBins,
                FillColor = color.WithAlpha(0.45),
                LineColor = color,
                LineWidth = 1,
            });
        }

        var barPlot = plot.Add.Bars(bars);
        barPlot.LegendText = legend;
        return (double)counts.Max() / classCount;
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        if (s_font is not null)
        {
            plot.Font.Set(s_font);
        }

        plot.Title(title, 15);
        plot.XLabel(xLabel, 13);
        plot.YLabel(yLabel, 13);
        plot.Legend.FontSize = 12;
        return plot;
    }

    private static void Diagonal(Plot plot, string legend)
    {
        var diagonal = plot.Add.Line(0, 0, 1, 1);
        diagonal.Color = s_reference;
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.LegendText = legend;
    }

    private static void UnitSquare(Plot plot) => plot.Axes.SetLimits(-0.02, 1.02, -0.02, 1.02);

    private static void NotAvailable(Plot plot, string message)
    {
        var text = plot.Add.Text(message, 0.5, 0.5);
        text.LabelFontSize = 14;
        text.LabelAlignment = Alignment.MiddleCenter;
        if (s_font is not null)
        {
            text.LabelFontName = s_font;
        }
    }

    private static byte[] Render(Plot plot) => plot.GetImageBytes(Width, Height, ImageFormat.Png);

    private static string? FindFont()
    {
        string[] installed = SKFontManager.Default.GetFontFamilies();
        return s_preferredFonts.FirstOrDefault(f => installed.Contains(f, StringComparer.OrdinalIgnoreCase));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
