using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace MatchModels.Cli.Tests.Serve;

/// <summary>
/// A running <c>matchmodels serve</c> child process on a free loopback port, with both output streams drained (a
/// busy server's request log would otherwise fill the pipe and block it). Disposing kills the process if a test left
/// it running.
/// </summary>
internal sealed class ServeProcess : IAsyncDisposable
{
    /// <summary>Start-up loads the registry and ONNX Runtime; a minute leaves room for a slow, shared CI machine.</summary>
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(1);

    private readonly Process _process;
    private readonly Task<string> _stdout;
    private readonly Task<string> _stderr;

    private ServeProcess(Process process, Uri url)
    {
        _process = process;
        _stdout = process.StandardOutput.ReadToEndAsync();
        _stderr = process.StandardError.ReadToEndAsync();
        Url = url;
    }

    public Uri Url { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <c>matchmodels serve</c> with <paramref name="args"/> plus <c>--urls</c>, and returns once it answers /v2/health/live.</summary>
    public static async Task<ServeProcess> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort()}");
        var server = new ServeProcess(CliProcess.Start(environment, ["serve", .. args, "--urls", url.ToString().TrimEnd('/')]), url);
        try
        {
            await server.WaitUntilLiveAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends <paramref name="signal"/> (SIGTERM or SIGINT) to the server, as a service manager or a Ctrl+C would.</summary>
    public void Signal(PosixSignal signal)
    {
        // PosixSignal's values are .NET's own (negative) codes; kill(2) wants the POSIX numbers, the same on Linux and macOS.
        int number = signal switch
        {
            PosixSignal.SIGINT => 2,
            PosixSignal.SIGTERM => 15,
            _ => throw new ArgumentOutOfRangeException(nameof(signal), signal, "only SIGINT and SIGTERM are used"),
        };
        if (Kill(_process.Id, number) != 0)
        {
            throw new InvalidOperationException($"kill({_process.Id}, {number}) failed with errno {Marshal.GetLastPInvokeError()}");
        }
    }

    /// <summary>Kills the server with SIGKILL (kill -9), as the kernel's OOM killer or a power cut would end it: no shutdown code runs.</summary>
    public void Kill() => _process.Kill(entireProcessTree: false);

    /// <summary>Kills the server (if not yet killed) and waits for it to be gone.</summary>
    public async Task<CliProcess.Result> KillAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        await _process.WaitForExitAsync();
        return new CliProcess.Result(_process.ExitCode, await _stdout, await _stderr);
    }

    /// <summary>Waits for the server to exit by itself; kills it and fails the test if it has not within <paramref name="timeout"/>.</summary>
    public async Task<CliProcess.Result> WaitForExitAsync(TimeSpan timeout)
    {
        using var waited = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(waited.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            Assert.Fail($"serve had not exited {timeout.TotalSeconds:0} s after the signal; killed: {Describe(new CliProcess.Result(_process.ExitCode, await _stdout, await _stderr))}");
        }

        return new CliProcess.Result(_process.ExitCode, await _stdout, await _stderr);
    }

    /// <summary>The exit code, stderr, and the end of stdout (a busy server's request log is long): enough to see how the server ended.</summary>
    public static string Describe(CliProcess.Result exit) =>
        $"exit {exit.ExitCode}\n--- stderr\n{exit.Stderr}\n--- stdout (last 40 lines)\n{string.Join('\n', exit.Stdout.Split('\n').TakeLast(40))}";

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    // DllImport rather than LibraryImport: the arguments are plain ints, and LibraryImport's generated stub would need
    // unsafe code enabled for the whole test project.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    /// <summary>A port the system just handed out and released: free unless another process takes it in the next instant.</summary>
    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task WaitUntilLiveAsync()
    {
        using var client = new HttpClient { BaseAddress = Url };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < s_startTimeout)
        {
            if (_process.HasExited)
            {
                Assert.Fail($"serve exited with {_process.ExitCode}: {await _stderr}");
            }

            try
            {
                using HttpResponseMessage live = await client.GetAsync(new Uri("/v2/health/live", UriKind.Relative));
                if (live.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        Assert.Fail($"serve did not answer /v2/health/live within {s_startTimeout.TotalSeconds:0} s");
    }
}
