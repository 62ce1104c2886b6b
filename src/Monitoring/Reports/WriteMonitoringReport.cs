using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using MatchModels.Monitoring.Statistics;

namespace MatchModels.Monitoring.Reports;

/// <summary>Writes a <see cref="MonitoringReport"/> as report.json and a self-contained report.html (inline SVG, no scripts, no external files).</summary>
public static class WriteMonitoringReport
{
    public const string JsonFile = "report.json";
    public const string HtmlFile = "report.html";

    /// <summary>snake_case, indented; NaN and infinities (an undefined statistic) are written as null.</summary>
    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new FiniteOrNull() },
    };

    public static string ToJson(MonitoringReport report) => JsonSerializer.Serialize(report, Json);

    /// <summary>Writes both files into <paramref name="folder"/> (created), each aside and renamed; returns their paths.</summary>
    public static (string Json, string Html) ToFolder(MonitoringReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        Directory.CreateDirectory(folder);
        string json = Path.Combine(folder, JsonFile);
        string html = Path.Combine(folder, HtmlFile);
        WriteAside(json, ToJson(report) + "\n");
        WriteAside(html, Html(report));
        return (json, html);
    }

    private static void WriteAside(string path, string text)
    {
        string aside = path + ".partial";
        File.WriteAllText(aside, text, new UTF8Encoding(false));
        File.Move(aside, path, overwrite: true);
    }

    public static string Html(MonitoringReport r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(E($"Monitoring {r.Model}:{r.Version}")).Append("</title><style>")
            .Append("body{font-family:system-ui,sans-serif;margin:2em;max-width:1200px;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}")
            .Append(".drift{color:#b00;font-weight:bold}.note{background:#fff8e0;padding:.5em 1em;border-left:4px solid #e0b000}svg{background:#fff}")
            .Append("</style></head><body>");
        h.Append("<h1>").Append(E($"{r.Model}:{r.Version} — monitoring report")).Append("</h1>");
        h.Append("<p>").Append(E($"Task {r.Task}; windows: {r.Window}; generated {Time(r.GeneratedAtUtc)}; span {(r.SinceUtc is { } s ? Time(s) : "start of log")} to {(r.UntilUtc is { } u ? Time(u) : "end of log")}.")).Append("</p>");
        h.Append("<p>").Append(E($"Reference: {r.Reference.Description}.")).Append("</p>");
        foreach (string note in r.Notes)
        {
            h.Append("<p class=\"note\">").Append(E(note)).Append("</p>");
        }

        h.Append("<h2>Evidence</h2><table><tr><th>log rows read</th><th>monitored</th><th>of which shadow</th><th>other models</th><th>other versions</th><th>outside span</th><th>wrong width</th></tr><tr>")
            .Append(Cells(r.Log.RowsRead, r.Log.Monitored, r.Log.MonitoredShadow, r.Log.OtherModels, r.Log.OtherVersions, r.Log.OutsideSpan, r.Log.Malformed)).Append("</tr></table>");
        h.Append("<table><tr><th>outcomes read</th><th>used</th><th>rows labelled</th><th>unknown pair/request</th><th>duplicates (first kept)</th><th>dated before prediction (refused)</th><th>no label</th></tr><tr>")
            .Append(Cells(r.Outcomes.Read, r.Outcomes.Used, r.Outcomes.JoinedRows, r.Outcomes.Unknown, r.Outcomes.Duplicates, r.Outcomes.BeforePrediction, r.Outcomes.WithoutLabel)).Append("</tr></table>");

        h.Append("<h2>Windows</h2><table><tr><th>window</th><th>rows</th><th>labelled</th><th>drifted features</th><th>dataset drift</th><th>prediction drift</th><th>domain classifier AUC</th><th>estimated AUC</th><th>realised AUC [95%]</th><th>Brier</th><th>ECE</th><th>base rate</th></tr>");
        foreach (WindowReport w in r.Windows)
        {
            h.Append("<tr><td>").Append(E(w.Label)).Append("</td><td>").Append(w.Rows).Append("</td><td>").Append(w.Labelled).Append("</td>");
            if (w.Empty)
            {
                h.Append("<td colspan=\"9\">empty window: nothing to compute</td></tr>");
                continue;
            }

            h.Append("<td>").Append(w.DataDrift!.DriftedFeatures).Append(" / ").Append(w.DataDrift.Features.Count).Append("</td>")
                .Append(Flag(w.DataDrift.Drifted))
                .Append(w.PredictionDrift is { } pd ? $"<td{(pd.Drifted ? " class=\"drift\"" : "")}>{E(pd.Method)} {F(pd.Score)}</td>" : "<td>—</td>")
                .Append(w.Multivariate is { } mv ? $"<td{(mv.Drifted ? " class=\"drift\"" : "")}>{F(mv.Auc)}</td>" : "<td>—</td>")
                .Append("<td>").Append(F(w.Estimated?.Auc)).Append("</td>");
            if (w.Realised is { } rp)
            {
                h.Append("<td>").Append(F(rp.Auc.Estimate)).Append(" [").Append(F(rp.Auc.Low)).Append(", ").Append(F(rp.Auc.High)).Append("]</td><td>")
                    .Append(F(rp.Brier.Estimate)).Append("</td><td>").Append(F(rp.Ece.Estimate)).Append("</td><td>").Append(F(rp.BaseRate.Estimate)).Append("</td></tr>");
            }
            else
            {
                h.Append("<td colspan=\"4\">no outcomes joined</td></tr>");
            }
        }

        h.Append("</table>");
        if (r.TestMetrics.TryGetValue("roc_auc", out double testAuc))
        {
            h.Append("<p>").Append(E($"The version's test AUC: {F(testAuc)}.")).Append("</p>");
        }

        h.Append("<h2>Drift score per feature and window</h2><p>Cell colour: how far the score is past its threshold (red: drifted). Hover for the method, score and threshold.</p>").Append(HeatMap(r));
        h.Append("<h2>Reference vs latest window, drifting features</h2>");
        if (r.LatestDistributions.Count == 0)
        {
            h.Append("<p>No feature drifts in the latest window.</p>");
        }

        foreach (FeatureDistribution d in r.LatestDistributions)
        {
            h.Append(DistributionChart(d));
        }

        h.Append("<h2>Realised and estimated AUC</h2>").Append(AucChart(r));
        h.Append("<p>The estimate (CBPE, confidence-based performance estimation) assumes: ").Append(E(string.Join("; ", r.EstimateAssumptions))).Append(".</p>");
        h.Append("<h2>Change detectors</h2><p>").Append(E($"ADWIN (δ = 0.002) and Page–Hinkley over the {r.Detectors.Values:N0} joined rows' squared error (p − y)², in time order.")).Append("</p>");
        h.Append(AlarmChart(r.Detectors));
        h.Append("<table><tr><th>detector</th><th>detected at (row, time, window)</th><th>change placed at (row, time, window)</th></tr>");
        foreach ((string name, IReadOnlyList<LossAlarm> alarms) in new[] { ("ADWIN", r.Detectors.Adwin), ("Page–Hinkley", r.Detectors.PageHinkley) })
        {
            if (alarms.Count == 0)
            {
                h.Append("<tr><td>").Append(name).Append("</td><td colspan=\"2\">no alarm</td></tr>");
            }

            AlarmRows(h, name, alarms);
        }

        h.Append("</table>");
        h.Append("<h2>Calibration drift</h2>");
        if (r.Detectors.Calibration is not { } c)
        {
            h.Append("<p>Off in this version's monitoring settings (<code>calibration: off</code>).</p>");
        }
        else
        {
            h.Append("<p>").Append(E(string.Create(CultureInfo.InvariantCulture, $"ADWIN (δ = {c.Delta}) over the same rows' signed residual y − p: a change in its mean is the outcomes moving above or below what the model predicts."))).Append("</p>");
            h.Append(ResidualChart(r.Detectors.Values, c));
            h.Append("<table><tr><th>detector</th><th>detected at (row, time, window)</th><th>change placed at (row, time, window)</th></tr>");
            if (c.Alarms.Count == 0)
            {
                h.Append("<tr><td>ADWIN on y − p</td><td colspan=\"2\">no alarm</td></tr>");
            }

            AlarmRows(h, "ADWIN on y − p", c.Alarms);
            h.Append("</table>");
        }

        h.Append("</body></html>\n");
        return h.ToString();
    }

    private static void AlarmRows(StringBuilder h, string name, IReadOnlyList<LossAlarm> alarms)
    {
        foreach (LossAlarm a in alarms)
        {
            h.Append("<tr><td>").Append(name).Append("</td><td>").Append(E($"{a.DetectedAt}, {Time(a.DetectedAtUtc)}, {a.DetectedInWindow}")).Append("</td><td>")
                .Append(E($"{a.ChangeAt}, {Time(a.ChangeAtUtc)}, {a.ChangeInWindow}")).Append("</td></tr>");
        }
    }

    private static string ResidualChart(int values, CalibrationDriftReport c)
    {
        if (c.ResidualTrace.Length == 0)
        {
            return "<p>No joined rows: the detector had nothing to watch.</p>";
        }

        const int W = 640, H = 160, Pad = 30;
        double span = Math.Max(c.ResidualTrace.Max(Math.Abs), 1e-9);
        double X(double position) => Pad + ((W - (2.0 * Pad)) * position / Math.Max(1, values - 1));
        double Y(double v) => (H / 2.0) - (v / span * ((H / 2.0) - Pad));
        int per = (int)Math.Ceiling((double)values / c.ResidualTrace.Length);
        var s = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" font-size=\"10\">");
        s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Pad}\" x2=\"{W - Pad}\" y1=\"{H / 2.0:0.#}\" y2=\"{H / 2.0:0.#}\" stroke=\"#2ca02c\" stroke-dasharray=\"4 3\"/><polyline fill=\"none\" stroke=\"#555\" points=\"");
        s.Append(string.Join(' ', c.ResidualTrace.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{X(Math.Min(values - 1, (i * per) + (per / 2.0))):0.#},{Y(v):0.#}"))));
        s.Append("\"/>");
        foreach (LossAlarm a in c.Alarms)
        {
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(a.DetectedAt):0.#}\" x2=\"{X(a.DetectedAt):0.#}\" y1=\"{Pad}\" y2=\"{H - Pad}\" stroke=\"#d62728\"><title>{E($"ADWIN alarm on y − p at row {a.DetectedAt} ({a.DetectedInWindow}), change placed at {a.ChangeAt}")}</title></line>");
        }

        return s.Append(CultureInfo.InvariantCulture, $"</svg><p>Grey: mean residual y − p of consecutive joined rows (± {span:0.###} at the edges); dashed green: 0, a calibrated model's mean; red lines: alarms.</p>").ToString();
    }

    private static string HeatMap(MonitoringReport r)
    {
        List<string> features = r.Windows.FirstOrDefault(w => w.DataDrift is not null)?.DataDrift!.Features.Select(f => f.Feature).ToList() ?? [];
        if (features.Count == 0)
        {
            return "<p>No window with rows.</p>";
        }

        const int Cell = 28, Left = 220, Top = 90;
        int width = Left + (r.Windows.Count * Cell) + 10, height = Top + (features.Count * Cell) + 10;
        var s = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width}\" height=\"{height}\" font-size=\"11\">");
        for (int k = 0; k < r.Windows.Count; k++)
        {
            int x = Left + (k * Cell) + (Cell / 2);
            s.Append(CultureInfo.InvariantCulture, $"<text transform=\"translate({x},{Top - 6}) rotate(-60)\">{E(r.Windows[k].Label)}</text>");
        }

        for (int f = 0; f < features.Count; f++)
        {
            int y = Top + (f * Cell);
            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 18}\" text-anchor=\"end\">{E(features[f])}</text>");
            for (int k = 0; k < r.Windows.Count; k++)
            {
                FeatureDriftResult? d = r.Windows[k].DataDrift?.Features.FirstOrDefault(x => x.Feature == features[f]);
                string fill = d is null ? "#eee" : Colour(d);
                string title = d is null ? "empty window" : $"{d.Method} {F(d.Score)} (threshold {F(d.Threshold)}){(d.Drifted ? ": drift" : "")}";
                s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left + (k * Cell)}\" y=\"{y}\" width=\"{Cell - 2}\" height=\"{Cell - 2}\" fill=\"{fill}\"><title>{E($"{features[f]}, {r.Windows[k].Label}: {title}")}</title></rect>");
            }
        }

        return s.Append("</svg>").ToString();
    }

    /// <summary>0 at "far from drift", 1 at the threshold and past it; red when drifted, blue-grey shades below.</summary>
    private static string Colour(FeatureDriftResult d)
    {
        if (double.IsNaN(d.Score))
        {
            return "#eee";
        }

        if (d.Drifted)
        {
            return "#d62728";
        }

        double t = d.Rule == DriftRule.ScoreAtLeast ? d.Score / d.Threshold : (1 - d.Score) / (1 - d.Threshold);
        t = Math.Clamp(t, 0, 1);
        int c = (int)Math.Round(235 - (t * 120));
        return string.Create(CultureInfo.InvariantCulture, $"rgb({c},{c},{Math.Min(255, c + 20)})");
    }

    private static string DistributionChart(FeatureDistribution d)
    {
        const int W = 420, H = 160, Pad = 30;
        int bins = d.ReferenceShares.Length;
        double max = Math.Max(d.ReferenceShares.DefaultIfEmpty(0).Max(), d.WindowShares.DefaultIfEmpty(0).Max());
        max = max <= 0 ? 1 : max;
        double bw = (W - (2.0 * Pad)) / bins;
        var s = new StringBuilder($"<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H + 20}\" font-size=\"10\">");
        for (int b = 0; b < bins; b++)
        {
            double x = Pad + (b * bw);
            double hr = d.ReferenceShares[b] / max * (H - Pad);
            double hw = d.WindowShares[b] / max * (H - Pad);
            s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.#}\" y=\"{H - hr:0.#}\" width=\"{bw / 2:0.#}\" height=\"{hr:0.#}\" fill=\"#1f77b4\"><title>reference {F(d.ReferenceShares[b])}</title></rect>");
            s.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x + (bw / 2):0.#}\" y=\"{H - hw:0.#}\" width=\"{bw / 2:0.#}\" height=\"{hw:0.#}\" fill=\"#ff7f0e\"><title>window {F(d.WindowShares[b])}</title></rect>");
        }

        s.Append(CultureInfo.InvariantCulture, $"<text x=\"{Pad}\" y=\"{H + 14}\">{E(F(d.Edges[0]))}</text><text x=\"{W - Pad}\" y=\"{H + 14}\" text-anchor=\"end\">{E(F(d.Edges[^1]))}</text>");
        s.Append("</svg><figcaption>").Append(E(d.Feature)).Append(": reference (blue) vs latest window (orange), share of rows per bin</figcaption></figure>");
        return s.ToString();
    }

    private static string AucChart(MonitoringReport r)
    {
        const int W = 640, H = 220, Pad = 40;
        int n = r.Windows.Count;
        if (n == 0)
        {
            return "<p>No windows.</p>";
        }

        double X(int k) => Pad + ((W - (2.0 * Pad)) * (n == 1 ? 0.5 : (double)k / (n - 1)));
        double Y(double auc) => H - Pad - ((Math.Clamp(auc, 0.4, 1.0) - 0.4) / 0.6 * (H - (2.0 * Pad)));
        var s = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" font-size=\"10\">");
        foreach (double tick in new[] { 0.5, 0.6, 0.7, 0.8, 0.9, 1.0 })
        {
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Pad}\" x2=\"{W - Pad}\" y1=\"{Y(tick):0.#}\" y2=\"{Y(tick):0.#}\" stroke=\"#eee\"/><text x=\"4\" y=\"{Y(tick) + 3:0.#}\">{tick:0.0}</text>");
        }

        if (r.TestMetrics.TryGetValue("roc_auc", out double test))
        {
            s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Pad}\" x2=\"{W - Pad}\" y1=\"{Y(test):0.#}\" y2=\"{Y(test):0.#}\" stroke=\"#2ca02c\" stroke-dasharray=\"4 3\"><title>test AUC {F(test)}</title></line>");
        }

        var estimated = new List<string>();
        for (int k = 0; k < n; k++)
        {
            WindowReport w = r.Windows[k];
            if (w.Estimated is { } e && double.IsFinite(e.Auc))
            {
                estimated.Add(string.Create(CultureInfo.InvariantCulture, $"{X(k):0.#},{Y(e.Auc):0.#}"));
            }

            if (w.Realised is { } rp && double.IsFinite(rp.Auc.Estimate))
            {
                if (double.IsFinite(rp.Auc.Low) && double.IsFinite(rp.Auc.High))
                {
                    s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(k):0.#}\" x2=\"{X(k):0.#}\" y1=\"{Y(rp.Auc.Low):0.#}\" y2=\"{Y(rp.Auc.High):0.#}\" stroke=\"#d62728\"/>");
                }

                s.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(k):0.#}\" cy=\"{Y(rp.Auc.Estimate):0.#}\" r=\"3\" fill=\"#d62728\"><title>{E($"{w.Label}: realised {F(rp.Auc.Estimate)} [{F(rp.Auc.Low)}, {F(rp.Auc.High)}]")}</title></circle>");
            }

            s.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(k):0.#}\" y=\"{H - 8}\" text-anchor=\"middle\">{E(w.Label)}</text>");
        }

        if (estimated.Count > 0)
        {
            s.Append("<polyline fill=\"none\" stroke=\"#1f77b4\" points=\"").Append(string.Join(' ', estimated)).Append("\"/>");
        }

        return s.Append("</svg><p>Blue line: estimated AUC (CBPE); red: realised AUC with its 95% bootstrap interval; dashed green: the version's test AUC.</p>").ToString();
    }

    private static string AlarmChart(DetectorReport d)
    {
        if (d.LossTrace.Length == 0)
        {
            return "<p>No joined rows: the detectors had nothing to watch.</p>";
        }

        const int W = 640, H = 160, Pad = 30;
        double max = Math.Max(d.LossTrace.Max(), 1e-9);
        double X(double position) => Pad + ((W - (2.0 * Pad)) * position / Math.Max(1, d.Values - 1));
        int per = (int)Math.Ceiling((double)d.Values / d.LossTrace.Length);
        var s = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" font-size=\"10\"><polyline fill=\"none\" stroke=\"#555\" points=\"");
        s.Append(string.Join(' ', d.LossTrace.Select((v, i) => string.Create(CultureInfo.InvariantCulture, $"{X(Math.Min(d.Values - 1, (i * per) + (per / 2.0))):0.#},{H - Pad - (v / max * (H - (2.0 * Pad))):0.#}"))));
        s.Append("\"/>");
        foreach ((IReadOnlyList<LossAlarm> alarms, string colour, string name) in new[] { (d.Adwin, "#d62728", "ADWIN"), (d.PageHinkley, "#1f77b4", "Page–Hinkley") })
        {
            foreach (LossAlarm a in alarms)
            {
                s.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(a.DetectedAt):0.#}\" x2=\"{X(a.DetectedAt):0.#}\" y1=\"{Pad}\" y2=\"{H - Pad}\" stroke=\"{colour}\"><title>{E($"{name} alarm at row {a.DetectedAt} ({a.DetectedInWindow}), change placed at {a.ChangeAt}")}</title></line>");
            }
        }

        return s.Append("</svg><p>Grey: mean squared error of consecutive joined rows; red lines: ADWIN alarms; blue: Page–Hinkley alarms.</p>").ToString();
    }

    private static string Cells(params int[] values) => string.Concat(values.Select(v => $"<td>{v.ToString("N0", CultureInfo.InvariantCulture)}</td>"));

    private static string Flag(bool drifted) => drifted ? "<td class=\"drift\">yes</td>" : "<td>no</td>";

    private static string F(double? x) => x is { } v && double.IsFinite(v) ? v.ToString("0.###", CultureInfo.InvariantCulture) : "—";

    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    private static string E(string text) => WebUtility.HtmlEncode(text);

    /// <summary>JSON has no NaN: an undefined statistic is null.</summary>
    private sealed class FiniteOrNull : JsonConverter<double>
    {
        public override bool HandleNull => true;

        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.Null ? double.NaN : reader.GetDouble();

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options)
        {
            if (double.IsFinite(value))
            {
                writer.WriteNumberValue(value);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
