using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MatchModels.Notebooks.Tests.Browser;

/// <summary>What a page did in the browser: its errors, its images and its charts.</summary>
/// <param name="Errors">Uncaught exceptions, console errors and resources that failed to load, in the order they came.</param>
/// <param name="Images">Every &lt;img&gt;: its source (cut short) and its natural width, 0 when it did not decode.</param>
/// <param name="ChartFigures">Figures marked as charts (figure[data-chart]).</param>
/// <param name="ChartsWithSvg">Of those, how many hold an inline &lt;svg&gt; with a non-zero rendered size.</param>
/// <param name="ChartKinds">Each chart figure's data-chart value, in page order.</param>
internal sealed record PageCheck(
    IReadOnlyList<string> Errors,
    IReadOnlyList<(string Source, int NaturalWidth)> Images,
    int ChartFigures,
    int ChartsWithSvg,
    IReadOnlyList<string> ChartKinds);

/// <summary>
/// A real headless Chromium (Debian's <c>chromium</c>), driven through the DevTools protocol over a WebSocket: it opens a
/// page, waits for its load event, and reports the exceptions, console errors and failed loads it saw and what its
/// images and charts look like once rendered. A fresh profile folder per instance, deleted on disposal.
/// </summary>
internal sealed partial class HeadlessChromium : IAsyncDisposable
{
    /// <summary>Long enough for a cold Chromium start on two busy cores; a page of inline SVG loads in well under a second.</summary>
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentQueue<JsonObject> _events = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _receiving;
    private int _nextId;

    private HeadlessChromium(Process process, string profile)
    {
        _process = process;
        _profile = profile;
    }

    /// <summary>The browser on PATH, or null: Debian names it chromium, other systems chromium-browser.</summary>
    public static string? Executable { get; } = new[] { "chromium", "chromium-browser" }
        .SelectMany(name => (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, name)))
        .FirstOrDefault(File.Exists);

    public static async Task<HeadlessChromium> StartAsync()
    {
        string executable = Executable ?? throw new InvalidOperationException(ChromiumFactAttribute.Missing);
        string profile = Path.Combine(Path.GetTempPath(), "mm-chromium-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
            "--disable-extensions", $"--user-data-dir={profile}", "--remote-debugging-port=0", "about:blank"])
        {
            start.ArgumentList.Add(a);
        }

        Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {executable}");
        var browser = new HeadlessChromium(process, profile);
        try
        {
            // Chromium prints the browser's WebSocket address on stderr once it listens.
            using var timeout = new CancellationTokenSource(s_timeout);
            string? endpoint = null;
            while (endpoint is null)
            {
                string line = await process.StandardError.ReadLineAsync(timeout.Token)
                    ?? throw new InvalidOperationException($"{executable} exited (code {(process.HasExited ? process.ExitCode : -1)}) before it listened for DevTools");
                if (DevToolsLine().Match(line) is { Success: true } match)
                {
                    endpoint = match.Groups[1].Value;
                }
            }

            // Keep draining stderr so a chatty browser never blocks on a full pipe.
            _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
            _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            await browser._socket.ConnectAsync(new Uri(endpoint), timeout.Token);
            browser._receiving = browser.ReceiveAsync();
            return browser;
        }
        catch
        {
            await browser.DisposeAsync();
            throw;
        }
    }

    /// <summary>Opens <paramref name="file"/> in a new tab, waits for its load event and inspects it.</summary>
    public async Task<PageCheck> CheckAsync(string file)
    {
        using var timeout = new CancellationTokenSource(s_timeout);
        string target = (await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, null, timeout.Token))["targetId"]!.GetValue<string>();
        string session = (await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target, ["flatten"] = true }, null, timeout.Token))["sessionId"]!.GetValue<string>();
        foreach (string domain in (string[])["Runtime.enable", "Log.enable", "Page.enable"])
        {
            await SendAsync(domain, new JsonObject(), session, timeout.Token);
        }

        await SendAsync("Page.navigate", new JsonObject { ["url"] = new Uri(Path.GetFullPath(file)).AbsoluteUri }, session, timeout.Token);
        await WaitForEventAsync("Page.loadEventFired", session, timeout.Token);
        JsonObject evaluated = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = Inspect, ["returnByValue"] = true }, session, timeout.Token);
        JsonNode value = evaluated["result"]!["value"]!;
        var errors = _events.Where(e => e["sessionId"]?.GetValue<string>() == session).Select(Error).OfType<string>().ToList();
        await SendAsync("Target.closeTarget", new JsonObject { ["targetId"] = target }, null, timeout.Token);
        return new PageCheck(
            errors,
            value["images"]!.AsArray().Select(i => (i!["src"]!.GetValue<string>(), i["naturalWidth"]!.GetValue<int>())).ToList(),
            value["figures"]!.GetValue<int>(),
            value["withSvg"]!.GetValue<int>(),
            value["kinds"]!.AsArray().Select(k => k!.GetValue<string>()).ToList());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        if (_receiving is not null)
        {
            try
            {
                await _receiving;
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // The socket closes with the browser.
            }
        }

        _socket.Dispose();
        _process.Dispose();
        _stop.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // A crash reporter may still hold a file for a moment; the folder is under the temporary directory.
        }
    }

    /// <summary>Runs in the page: its images' natural widths, and how many chart figures hold a rendered inline SVG.</summary>
    private const string Inspect = """
        (() => {
          const figures = [...document.querySelectorAll('figure[data-chart]')];
          const rendered = f => { const s = f.querySelector('svg'); if (!s) return false; const r = s.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
          return {
            images: [...document.images].map(i => ({ src: i.getAttribute('src').slice(0, 80), naturalWidth: i.naturalWidth })),
            figures: figures.length,
            withSvg: figures.filter(rendered).length,
            kinds: figures.map(f => f.dataset.chart),
          };
        })()
        """;

    /// <summary>One line for an event that means the page is broken, or null for any other event.</summary>
    private static string? Error(JsonObject e)
    {
        JsonNode? p = e["params"];
        return e["method"]?.GetValue<string>() switch
        {
            "Runtime.exceptionThrown" => "exception: " + (p?["exceptionDetails"]?["exception"]?["description"] ?? p?["exceptionDetails"]?["text"])?.ToString(),
            "Runtime.consoleAPICalled" when p?["type"]?.GetValue<string>() is "error" or "assert" =>
                "console error: " + string.Join(" ", p["args"]!.AsArray().Select(a => a?["value"]?.ToString() ?? a?["description"]?.ToString())),
            "Log.entryAdded" when p?["entry"]?["level"]?.GetValue<string>() == "error" =>
                "log error: " + p["entry"]!["text"] + " " + p["entry"]!["url"],
            _ => null,
        };
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject parameters, string? session, CancellationToken ct)
    {
        int id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        if (session is not null)
        {
            message["sessionId"] = session;
        }

        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, ct);
        JsonObject answer = await reply.Task.WaitAsync(ct);
        return answer["error"] is JsonNode error
            ? throw new InvalidOperationException($"DevTools {method} failed: {error.ToJsonString()}")
            : answer["result"]!.AsObject();
    }

    private async Task WaitForEventAsync(string method, string session, CancellationToken ct)
    {
        while (!_events.Any(e => e["method"]?.GetValue<string>() == method && e["sessionId"]?.GetValue<string>() == session))
        {
            await Task.Delay(20, ct);
        }
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
        {
            WebSocketReceiveResult received = await _socket.ReceiveAsync(buffer, _stop.Token);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                return;
            }

            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }

            JsonObject json = JsonNode.Parse(message.ToArray())!.AsObject();
            message.SetLength(0);
            if (json["id"] is JsonNode id && _pending.TryRemove(id.GetValue<int>(), out TaskCompletionSource<JsonObject>? reply))
            {
                reply.TrySetResult(json);
            }
            else
            {
                _events.Enqueue(json);
            }
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();
}

/// <summary>
/// A test that needs Chromium: skipped with the reason when it is missing on a developer's machine, but run (and so
/// failed with one line saying what to install) when CI is set, so CI can never pass without the browser check.
/// </summary>
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Missing = "chromium is not installed: apt-get install -y chromium (Debian's package; .ci/run installs it)";

    public ChromiumFactAttribute()
    {
        if (HeadlessChromium.Executable is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = Missing + "; set CI=true to fail instead of skipping";
        }
    }
}
