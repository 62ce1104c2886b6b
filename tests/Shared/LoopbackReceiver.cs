using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MatchModels.Tests.Shared;

/// <summary>
/// A real HTTP receiver on loopback (HttpListener) for webhook tests, compiled into every test project from tests/Shared: answers each request with the next scripted
/// status (200 once the script is used up), optionally after a delay, and keeps every request's headers and body.
/// </summary>
internal sealed class LoopbackReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(int Status, TimeSpan Delay, string? RetryAfter)> _script = new();
    private readonly Task _loop;

    public LoopbackReceiver()
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/hook");

    public ConcurrentQueue<Received> Requests { get; } = new();

    public void Answer(int status, TimeSpan delay = default, string? retryAfter = null) => _script.Enqueue((status, delay, retryAfter));

    /// <summary>A loopback URL nothing listens on (the port was free a moment ago).</summary>
    public static Uri Nowhere() => new($"http://127.0.0.1:{FreePort()}/hook");

    public void Dispose()
    {
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener's disposal.
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                using var body = new StreamReader(context.Request.InputStream);
                string text = await body.ReadToEndAsync();
                var headers = context.Request.Headers.AllKeys.Where(k => k is not null).ToDictionary(k => k!, k => context.Request.Headers[k]!, StringComparer.OrdinalIgnoreCase);
                Requests.Enqueue(new Received(context.Request.HttpMethod, context.Request.ContentType, headers, text));
                (int status, TimeSpan delay, string? retryAfter) = _script.TryDequeue(out var next) ? next : (200, TimeSpan.Zero, null);
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay);
                }

                try
                {
                    context.Response.StatusCode = status;
                    if (retryAfter is not null)
                    {
                        context.Response.Headers["Retry-After"] = retryAfter;
                    }

                    context.Response.Close();
                }
                catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
                {
                    // The client gave up (a timeout test) or the listener closed.
                }
            });
        }
    }

    public sealed record Received(string Method, string? ContentType, IReadOnlyDictionary<string, string> Headers, string Body);
}
