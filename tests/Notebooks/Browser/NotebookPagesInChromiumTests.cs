namespace MatchModels.Notebooks.Tests.Browser;

/// <summary>Each page the notebooks wrote, opened in a real headless Chromium: no script error, no broken image, every chart drawn.</summary>
[Collection(NotebookPagesGroup.Name)]
public sealed class NotebookPagesInChromiumTests(NotebookPagesFixture pages)
{
    [ChromiumFact]
    public async Task Every_notebook_page_renders_its_charts_without_errors_or_broken_images()
    {
        await using HeadlessChromium browser = await HeadlessChromium.StartAsync();
        foreach (string page in (string[])[pages.OutcomesPage, pages.ComparisonPage, pages.SingleComparisonPage, pages.WalkthroughPage, pages.WalkthroughWithoutPolicyPage])
        {
            PageCheck check = await browser.CheckAsync(page);

            Assert.True(check.Errors.Count == 0, $"{page}: {string.Join("; ", check.Errors)}");
            Assert.All(check.Images, image => Assert.True(image.NaturalWidth > 0, $"{page}: broken image {image.Source}"));
            Assert.True(check.ChartFigures > 0, $"{page} has no chart");
            Assert.Equal(check.ChartFigures, check.ChartsWithSvg);
        }
    }

    [ChromiumFact]
    public async Task The_check_catches_a_script_error_a_console_error_a_broken_image_and_a_chart_without_its_svg()
    {
        using var dir = new TempDir();
        string broken = dir["broken.html"];
        await File.WriteAllTextAsync(broken, """
            <!DOCTYPE html><html><head><meta charset="utf-8"><title>broken</title></head><body>
            <img src="missing.png" alt="missing">
            <figure data-chart="rates"><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"></svg></figure>
            <figure data-chart="roc"></figure>
            <script>console.error("drawn badly"); null.nothing();</script>
            </body></html>
            """);
        await using HeadlessChromium browser = await HeadlessChromium.StartAsync();

        PageCheck check = await browser.CheckAsync(broken);

        Assert.Contains(check.Errors, e => e.StartsWith("exception: TypeError", StringComparison.Ordinal));
        Assert.Contains(check.Errors, e => e == "console error: drawn badly");
        Assert.Contains(check.Errors, e => e.StartsWith("log error: Failed to load resource", StringComparison.Ordinal) && e.EndsWith("missing.png", StringComparison.Ordinal));
        Assert.Equal([("missing.png", 0)], check.Images);
        Assert.Equal((2, 1), (check.ChartFigures, check.ChartsWithSvg));
        Assert.Equal(["rates", "roc"], check.ChartKinds);
    }
}
