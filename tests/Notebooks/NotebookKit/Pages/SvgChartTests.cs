using System.Text.RegularExpressions;
using System.Xml.Linq;
using MatchModels.NotebookKit.Pages;
using MatchModels.NotebookKit.Statistics;

namespace MatchModels.Notebooks.Tests.NotebookKit.Pages;

public sealed class SvgChartTests
{
    [Fact]
    public void Rate_bars_leave_out_missing_rates_and_carry_each_rate_its_interval_and_count()
    {
        SvgChart chart = SvgChart.Rates("t", "c", ["a", "b"], [new RateSeries("success", [Proportion.Of(8, 10), null])]);

        int bars = Regex.Count(chart.Svg, "<rect x=\"[^\"]+\" y=\"[^\"]+\" width=\"14\"");
        Assert.Equal(1, bars);
        Assert.Contains("<title>a, success: 80.0% [49.0%, 94.3%], n = 10</title>", chart.Svg, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bar_is_as_tall_as_its_rate_on_the_axis()
    {
        // The axis is 220 pixels from y = 44 (100%) to y = 264 (0%): 25% is a bar 55 pixels tall starting at y = 209.
        SvgChart chart = SvgChart.Rates("t", "c", ["a"], [new RateSeries("s", [Proportion.Of(1, 4)])]);

        Assert.Contains("y=\"209\" width=\"14\" height=\"55\"", chart.Svg, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_chart_is_well_formed_svg()
    {
        SvgChart[] charts =
        [
            SvgChart.Rates("a & b", "c", ["x < y", "long group name that slants"], [new RateSeries("s", [Proportion.Of(1, 3), Proportion.Of(2, 3)])]),
            SvgChart.Curves("roc", "ROC", "c", "FPR", "TPR", [new CurveSeries("v1", [(0, 0), (0.5, 0.8), (1, 1)])], markers: true),
            SvgChart.SignedBars("importance", "Δ", "c", [("f > g", 0.2), ("h", -0.1)], v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            SvgChart.SignedBars("importance", "none", "c", [], v => ""),
            SvgChart.HeatMap("heatmap", "drift & more", "c", ["f < g"], ["2024-W01"], [[new HeatCell(0.5, false, "a < b")]]),
            SvgChart.Lines("auc", "AUC", "c", "AUC", ["w1", "w2"], [new LineSeries("realised", [0.7, null], [(0.6, 0.8), null])], 0, 1, [new ReferenceLine("test & AUC", 0.75)]),
        ];

        Assert.All(charts, c => Assert.Equal("svg", XElement.Parse(c.Svg).Name.LocalName));
    }

    [Fact]
    public void Signed_bars_grow_right_for_positive_and_left_for_negative_values()
    {
        // Zero sits at x = 200 + 200 / 2 = 300; the largest |value| spans half the bar area, 100 pixels.
        SvgChart chart = SvgChart.SignedBars("k", "t", "c", [("up", 0.2), ("down", -0.1)], v => "");

        Assert.Contains("<rect x=\"300\" y=\"43\" width=\"100\"", chart.Svg, StringComparison.Ordinal);
        Assert.Contains("<rect x=\"250\" y=\"65\" width=\"50\"", chart.Svg, StringComparison.Ordinal);
    }

    [Fact]
    public void A_heat_map_draws_one_cell_per_value_flags_crossed_thresholds_in_vermillion_and_leaves_missing_cells_out()
    {
        SvgChart chart = SvgChart.HeatMap("heatmap", "t", "c", ["a", "b"], ["w1", "w2"],
            [[new HeatCell(1, true, "a w1"), new HeatCell(0, false, "a w2")], [null, new HeatCell(0.5, false, "b w2")]]);

        Assert.Equal(3, Regex.Count(chart.Svg, "<rect [^>]*fill-opacity"));
        Assert.Contains("fill=\"#D55E00\" fill-opacity=\"1\"><title>a w1</title>", chart.Svg, StringComparison.Ordinal);
        Assert.DoesNotContain("#D55E00\" fill-opacity=\"1\"><title>b w2", chart.Svg, StringComparison.Ordinal);
    }

    [Fact]
    public void A_line_puts_each_value_at_its_height_and_breaks_where_a_value_is_missing()
    {
        // The plot is 220 pixels from y = 44 (1) to y = 264 (0): 0.5 sits at y = 154, 0.25 at y = 209.
        SvgChart chart = SvgChart.Lines("auc", "t", "c", "y", ["a", "b", "c", "d"], [new LineSeries("s", [0.5, null, 0.25, 0.25])], 0, 1);

        Assert.Matches("<circle cx=\"[0-9.]+\" cy=\"154\" r=\"3\"", chart.Svg);
        Assert.Equal(2, Regex.Count(chart.Svg, "cy=\"209\""));
        Assert.Equal(2, Regex.Count(Regex.Match(chart.Svg, "stroke-width=\"2\" stroke=\"#0072B2\" d=\"([^\"]+)\"").Groups[1].Value, "M"));
    }
}
