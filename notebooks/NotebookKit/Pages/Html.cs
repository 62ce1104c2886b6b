using System.Globalization;
using System.Text;
using Microsoft.Data.Analysis;

namespace MatchModels.NotebookKit.Pages;

/// <summary>Escaping and the formats every page uses, so a number reads the same in a table, a chart and a sentence.</summary>
public static class Html
{
    /// <summary>Escapes text for HTML and SVG content and attribute values alike (the five XML entities).</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var sb = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    /// <summary>A share as a percentage with one decimal: 0.4823 → "48.2%"; NaN → "–".</summary>
    public static string Percent(double share) => double.IsNaN(share) ? "–" : (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A share's interval: "[41.0%, 55.6%]".</summary>
    public static string PercentInterval(double low, double high) => $"[{Percent(low)}, {Percent(high)}]";

    /// <summary>A difference of shares in percentage points, signed: "+12.3 pp".</summary>
    public static string Points(double difference) =>
        double.IsNaN(difference) ? "–" : (difference * 100).ToString("+0.0;−0.0;0.0", CultureInfo.InvariantCulture) + " pp";

    /// <summary>A metric value with three decimals, as the registry's reports print them.</summary>
    public static string Number(double? value) => value is not { } v || double.IsNaN(v)
        ? "–"
        : Math.Round(v, 3) == 0 ? "0.000" : v.ToString("0.000", CultureInfo.InvariantCulture);

    /// <summary>A metric with its interval: "0.761 [0.720, 0.801]".</summary>
    public static string NumberInterval(double value, double? low, double? high) =>
        low is { } l && high is { } h ? $"{Number(value)} [{Number(l)}, {Number(h)}]" : Number(value);

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// A DataFrame as an HTML table: its column names as the header, each value in the invariant culture (numbers right
    /// aligned; doubles with three decimals; nulls as "–").
    /// </summary>
    public static string Table(DataFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var sb = new StringBuilder("<div class=\"table\"><table><thead><tr>");
        foreach (DataFrameColumn column in frame.Columns)
        {
            sb.Append("<th").Append(IsNumeric(column) ? " class=\"num\"" : "").Append('>').Append(Escape(column.Name)).Append("</th>");
        }

        sb.Append("</tr></thead><tbody>");
        for (long row = 0; row < frame.Rows.Count; row++)
        {
            sb.Append("<tr>");
            foreach (DataFrameColumn column in frame.Columns)
            {
                sb.Append("<td").Append(IsNumeric(column) ? " class=\"num\"" : "").Append('>').Append(Escape(Format(column[row]))).Append("</td>");
            }

            sb.Append("</tr>");
        }

        return sb.Append("</tbody></table></div>").ToString();
    }

    private static bool IsNumeric(DataFrameColumn column) => column.DataType != typeof(string) && column.DataType != typeof(bool);

    private static string Format(object? value) => value switch
    {
        null => "–",
        double d => Number(d),
        float f => Number(f),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
