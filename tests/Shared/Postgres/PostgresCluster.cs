using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Npgsql;

namespace MatchModels.Tests.Postgres;

/// <summary>
/// A throw-away PostgreSQL cluster for one test class: initdb in a temporary folder, a server on a free loopback port
/// with password (SCRAM) logins, stopped and deleted afterwards. initdb refuses to run as root, so as root (CI and these
/// machines) the folder belongs to the <c>postgres</c> system user and the binaries run through <c>runuser</c>.
/// </summary>
/// <remarks>Compiled into the test projects that use a real PostgreSQL (Serving, Cli), which reference Npgsql.</remarks>
public sealed class PostgresCluster : IAsyncLifetime
{
    /// <summary>The system user that owns the cluster when the tests run as root; Debian's postgresql package creates it.</summary>
    private const string ServerUser = "postgres";

    /// <summary>Start-up of a fresh cluster takes about a second; a slow, shared CI machine gets ample room.</summary>
    private static readonly TimeSpan s_commandTimeout = TimeSpan.FromMinutes(2);

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"mm-pg-{Guid.NewGuid():N}");
    private int _databases;

    /// <summary>The superuser's password, random per cluster, so a test can check it never shows.</summary>
    public string Password { get; } = $"pw-{Guid.NewGuid():N}";

    public int Port { get; private set; }

    private string Data => Path.Combine(_root, "data");

    private string Bin { get; set; } = "";

    private static bool IsRoot => geteuid() == 0;

    public async Task InitializeAsync()
    {
        Bin = PostgresBinaries.Find() ?? throw new InvalidOperationException(PostgresBinaries.Missing);
        Directory.CreateDirectory(_root);
        string passwordFile = Path.Combine(_root, "password");
        await File.WriteAllTextAsync(passwordFile, Password + "\n");
        if (IsRoot)
        {
            await RunAsync("chown", "-R", $"{ServerUser}:", _root);
        }

        await RunServerToolAsync("initdb", "-D", Data, "-U", "postgres", "--auth=scram-sha-256", $"--pwfile={passwordFile}", "--encoding=UTF8", "--locale=C", "--no-sync");
        Port = FreePort();
        await StartAsync();
    }

    /// <summary>Starts the server (again, after <see cref="StopAsync"/>) on the same port, and waits until it takes connections.</summary>
    public async Task StartAsync()
    {
        await RunServerToolAsync(
            "pg_ctl", "-D", Data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1", "start");

        // The tests' own pooled connections died with a stopped server; start them afresh.
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>Stops the server (fast: open connections are cut), as a database outage would look to the host.</summary>
    public Task StopAsync() => RunServerToolAsync("pg_ctl", "-D", Data, "-m", "fast", "-w", "stop");

    /// <summary>A connection string to <paramref name="database"/> with the superuser and its password.</summary>
    public string ConnectionString(string database, string? password = null) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Database = database, Username = "postgres", Password = password ?? Password }.ConnectionString;

    /// <summary>Creates an empty database for one test and returns its connection string.</summary>
    public async Task<string> NewDatabaseAsync()
    {
        string name = $"test_{Interlocked.Increment(ref _databases)}";
        await using var admin = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async Task DisposeAsync()
    {
        if (File.Exists(Path.Combine(Data, "postmaster.pid")))
        {
            await RunServerToolAsync("pg_ctl", "-D", Data, "-m", "immediate", "-w", "stop");
        }

        NpgsqlConnection.ClearAllPools();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private Task RunServerToolAsync(string tool, params string[] args) =>
        IsRoot ? RunAsync("runuser", ["-u", ServerUser, "--", Path.Combine(Bin, tool), .. args]) : RunAsync(Path.Combine(Bin, tool), args);

    private async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(s_commandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            string log = Path.Combine(_root, "server.log");
            string serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log) : "";
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}:\n{await stdout}\n{await stderr}\n{serverLog}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // DllImport rather than LibraryImport: no arguments to marshal, and LibraryImport would need unsafe code enabled.
    [DllImport("libc", SetLastError = false)]
    private static extern uint geteuid();
}

/// <summary>Where the PostgreSQL server binaries are: Debian's layout, /usr/lib/postgresql/VERSION/bin, newest first.</summary>
public static class PostgresBinaries
{
    public const string Missing =
        "PostgreSQL server binaries (initdb, pg_ctl) not found under /usr/lib/postgresql/*/bin: install them with 'apt-get install -y postgresql' (Debian)";

    private const string DebianRoot = "/usr/lib/postgresql";

    public static string? Find() =>
        Directory.Exists(DebianRoot)
            ? Directory.EnumerateDirectories(DebianRoot)
                .Select(d => Path.Combine(d, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb")) && File.Exists(Path.Combine(b, "pg_ctl")))
                .OrderByDescending(b => int.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out int v) ? v : 0)
                .FirstOrDefault()
            : null;
}

/// <summary>
/// A fact that needs a real PostgreSQL (<see cref="PostgresCluster"/>). Without the binaries it is skipped, saying what
/// to install; under CI (the CI variable set) it runs anyway, so that the fixture fails with that one line instead.
/// </summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresBinaries.Find() is null && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Skip = PostgresBinaries.Missing;
        }
        else if (OperatingSystem.IsWindows())
        {
            Skip = "the PostgreSQL fixture runs Debian's server binaries";
        }
    }
}
