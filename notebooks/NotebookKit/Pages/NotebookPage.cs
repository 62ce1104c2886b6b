using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace MatchModels.NotebookKit.Pages;

/// <summary>
/// One self-contained HTML page in the style of an executed notebook: numbered cells, each a heading and a sentence
/// or two of commentary followed by what the step produced (tables, inline SVG charts, lists). No script, no external
/// file: the page reads the same offline, attached to an e-mail, or years later.
/// </summary>
public sealed class NotebookPage(string title, string introduction)
{
    private readonly List<NotebookCell> _cells = [];

    public string Title { get; } = title;

    public int ChartCount => _cells.Sum(c => c.ChartCount);

    /// <summary>Starts the next cell: its heading and the commentary that says what the step shows.</summary>
    public NotebookCell Cell(string heading, string commentary)
    {
        var cell = new NotebookCell(_cells.Count + 1, heading, commentary);
        _cells.Add(cell);
        return cell;
    }

    public string Render(DateTime generatedAtUtc)
    {
        var sb = new StringBuilder();
        sb.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .Append("<title>").Append(Html.Escape(Title)).Append("</title><style>").Append(Style).Append("</style></head><body><main>")
            .Append("<h1>").Append(Html.Escape(Title)).Append("</h1><p class=\"intro\">").Append(Html.Escape(introduction)).Append("</p>")
            .Append("<p class=\"meta\">Generated ").Append(generatedAtUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append(".</p>");
        foreach (NotebookCell cell in _cells)
        {
            cell.Render(sb);
        }

        return sb.Append("</main></body></html>\n").ToString();
    }

    /// <summary>Writes the page as <paramref name="fileName"/> in <paramref name="folder"/> (created if needed), aside then renamed.</summary>
    public async Task<string> WriteAsync(string folder, string fileName, DateTime generatedAtUtc, CancellationToken ct = default)
    {
        Directory.CreateDirectory(folder);
        string target = Path.Combine(folder, fileName);
        string aside = target + "." + Guid.NewGuid().ToString("N") + ".partial";
        await File.WriteAllTextAsync(aside, Render(generatedAtUtc), new UTF8Encoding(false), ct);
        File.Move(aside, target, overwrite: true);
        return target;
    }

    private const string Style = """
        body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1d2125; background: #f6f7f9; margin: 0; }
        main { max-width: 1000px; margin: 0 auto; padding: 24px 32px 64px; background: #fff; min-height: 100vh; }
        h1 { font-size: 26px; margin: 8px 0 4px; }
        .intro { font-size: 16px; color: #333; }
        .meta { color: #6a737d; font-size: 13px; }
        section.cell { border-left: 3px solid #d0d7de; padding: 4px 0 8px 16px; margin: 28px 0; }
        section.cell h2 { font-size: 19px; margin: 0 0 6px; }
        section.cell h2 .n { color: #8b949e; font-weight: normal; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 14px; margin-right: 8px; }
        section.cell p { margin: 6px 0; }
        .charts { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
        figure.chart { margin: 8px 0; }
        figure.chart figcaption { font-size: 12px; color: #57606a; max-width: 560px; }
        div.table { overflow-x: auto; margin: 8px 0; }
        table { border-collapse: collapse; font-size: 13px; }
        th, td { border-bottom: 1px solid #e3e6ea; padding: 3px 10px; text-align: left; vertical-align: top; }
        th { background: #f3f4f6; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        ul.small { font-size: 13px; color: #57606a; }
        .note { color: #6a737d; font-size: 13px; }
        """;
}

/// <summary>One step of the analysis: heading, commentary, then its outputs in the order they were added.</summary>
public sealed class NotebookCell
{
    private readonly int _number;
    private readonly string _heading;
    private readonly List<string> _parts = [];
    private List<SvgChart>? _row;

    internal NotebookCell(int number, string heading, string commentary)
    {
        _number = number;
        _heading = heading;
        _parts.Add("<p>" + Html.Escape(commentary) + "</p>");
    }

    public int ChartCount { get; private set; }

    public NotebookCell Text(string text)
    {
        Flush();
        _parts.Add("<p>" + Html.Escape(text) + "</p>");
        return this;
    }

    public NotebookCell Note(string text)
    {
        Flush();
        _parts.Add("<p class=\"note\">" + Html.Escape(text) + "</p>");
        return this;
    }

    /// <summary>A chart; consecutive charts sit side by side and wrap.</summary>
    public NotebookCell Chart(SvgChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        (_row ??= []).Add(chart);
        ChartCount++;
        return this;
    }

    /// <summary>The numbers behind a chart, or any other table.</summary>
    public NotebookCell Table(DataFrame frame)
    {
        Flush();
        _parts.Add(Html.Table(frame));
        return this;
    }

    /// <summary>A short list, e.g. the groups too small to plot.</summary>
    public NotebookCell List(string heading, IEnumerable<string> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        Flush();
        var list = items.ToList();
        if (list.Count > 0)
        {
            _parts.Add("<p class=\"note\">" + Html.Escape(heading) + "</p><ul class=\"small\">" + string.Concat(list.Select(i => "<li>" + Html.Escape(i) + "</li>")) + "</ul>");
        }

        return this;
    }

    internal void Render(StringBuilder sb)
    {
        Flush();
        sb.Append("<section class=\"cell\"><h2><span class=\"n\">[").Append(_number.ToString(CultureInfo.InvariantCulture)).Append("]</span>")
            .Append(Html.Escape(_heading)).Append("</h2>");
        foreach (string part in _parts)
        {
            sb.Append(part);
        }

        sb.Append("</section>");
    }

    private void Flush()
    {
        if (_row is null)
        {
            return;
        }

        _parts.Add("<div class=\"charts\">" + string.Concat(_row.Select(c => c.Figure())) + "</div>");
        _row = null;
    }
}
