using MatchModels.Serving.Observability;

namespace MatchModels.Serving.Tests.Observability;

public sealed class MetricsRegistryTests
{
    [Fact]
    public void A_histogram_renders_cumulative_buckets_with_a_value_on_a_bound_counted_in_that_bucket()
    {
        var registry = new MetricsRegistry();
        Histogram h = registry.Histogram("h", "help", [0.5, 1, 2], "route");
        h.Observe(0.5, "a");   // on the first bound: le="0.5"
        h.Observe(1.5, "a");   // le="2"
        h.Observe(100, "a");   // above every bound: +Inf only

        string text = registry.Render();

        Assert.Contains("h_bucket{route=\"a\",le=\"0.5\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("h_bucket{route=\"a\",le=\"1\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("h_bucket{route=\"a\",le=\"2\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("h_bucket{route=\"a\",le=\"+Inf\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("h_sum{route=\"a\"} 102\n", text, StringComparison.Ordinal);
        Assert.Contains("h_count{route=\"a\"} 3\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_labelled_gauge_renders_the_series_its_reader_returns_at_each_scrape()
    {
        var registry = new MetricsRegistry();
        var series = new List<(string[], double)> { (["m", "1"], 0.25) };
        registry.Gauges("g", "help", ["model", "version"], () => series);

        string first = registry.Render();
        series = [(["m", "2"], 1), (["m\"x", "3"], double.NaN)];
        string second = registry.Render();

        Assert.Equal("# HELP g help\n# TYPE g gauge\ng{model=\"m\",version=\"1\"} 0.25\n", first);
        Assert.Equal("# HELP g help\n# TYPE g gauge\ng{model=\"m\",version=\"2\"} 1\ng{model=\"m\\\"x\",version=\"3\"} NaN\n", second);
    }

    [Fact]
    public async Task Counters_and_histograms_lose_no_observation_when_many_threads_add_at_once()
    {
        var registry = new MetricsRegistry();
        Counter c = registry.Counter("c", "help", "route");
        Histogram h = registry.Histogram("h", "help", [1, 10], "route");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (int i = 0; i < 20_000; i++)
            {
                c.Inc("a");
                h.Observe(i % 2 == 0 ? 0.5 : 5, "a");
            }
        })));

        string text = registry.Render();
        Assert.Contains("c{route=\"a\"} 160000\n", text, StringComparison.Ordinal);
        Assert.Contains("h_bucket{route=\"a\",le=\"1\"} 80000\n", text, StringComparison.Ordinal);
        Assert.Contains("h_count{route=\"a\"} 160000\n", text, StringComparison.Ordinal);
        Assert.Contains("h_sum{route=\"a\"} 440000\n", text, StringComparison.Ordinal);
    }
}
