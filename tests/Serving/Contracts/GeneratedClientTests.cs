using System.Diagnostics;
using MatchModels.Core.ApiKeys;
using MatchModels.Serving.Tests.Scoring;
using Microsoft.AspNetCore.Builder;

namespace MatchModels.Serving.Tests.Contracts;

/// <summary>
/// An HR platform's .NET client: Kiota (the tool pinned in .config/dotnet-tools.json) generates a C# client from the
/// document a real Kestrel host serves, and Contracts/GeneratedClient/Program.cs, built against it, calls every route
/// through the generated request builders and models only. Nothing generated is kept: it lives in a temporary folder.
/// </summary>
[Collection(TrainedModelsGroup.Name)]
public sealed class GeneratedClientTests(TrainedModels models)
{
    /// <summary>Where CI wants the live document written, for the OpenAPI linter (.ci/run).</summary>
    public const string DocumentOutVariable = "MATCHMODELS_OPENAPI_OUT";

    private static readonly string[] s_scenarios =
    [
        "predict with explain", "rank", "outcomes", "v2 server metadata", "v2 model metadata", "ready", "infer without version", "infer with version",
        "metrics", "a bad body is a typed problem", "a missing key is a typed problem", "a rate-limited key is a typed problem",
    ];

    [Fact]
    public async Task A_client_generated_from_the_live_document_calls_every_route_and_reads_each_refusal_as_a_typed_problem()
    {
        using var dir = new TempDir();
        string keys = dir["keys.json"];
        string key = ManageApiKeys.Create(keys, "platform", [ApiKeyScopes.Score], DateTime.UtcNow).Key;
        string limited = ManageApiKeys.Create(keys, "limited", [ApiKeyScopes.Score], DateTime.UtcNow).Key;
        await using WebApplication app = ServingHost.Build([
            "--urls", "http://127.0.0.1:0", "--Serving:Registry", models.Registry, "--Serving:KeysFile", keys, "--Serving:PredictionLog:Folder", dir["log"],
            // 30 requests an hour: the platform key makes about 15, the limited key meets its limit on the 31st.
            "--Serving:RateLimit:PermitLimit", "30", "--Serving:RateLimit:WindowSeconds", "3600"]);
        await app.StartAsync();
        string baseUrl = app.Urls.Single();

        using var http = new HttpClient();
        string document = await http.GetStringAsync(new Uri(baseUrl + "/openapi/v1.json"));
        await File.WriteAllTextAsync(dir["openapi.json"], document);
        if (Environment.GetEnvironmentVariable(DocumentOutVariable) is { Length: > 0 } outPath)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(outPath))!);
            await File.WriteAllTextAsync(outPath, document);
        }

        string project = dir["client"];
        Directory.CreateDirectory(project);
        string source = Path.Combine(RepoPaths.Root, "tests", "Serving", "Contracts", "GeneratedClient");
        File.Copy(Path.Combine(source, "GeneratedClient.csproj"), Path.Combine(project, "GeneratedClient.csproj"));
        File.Copy(Path.Combine(source, "Program.cs"), Path.Combine(project, "Program.cs"));

        // CI restores the tools first (.ci/run); restoring again costs a second and lets a fresh clone's `dotnet test` run this too.
        Result tools = await RunAsync(RepoPaths.Root, "tool", "restore");
        Assert.True(tools.ExitCode == 0, tools.ToString());
        Result generated = await RunAsync(RepoPaths.Root, "kiota", "generate", "--language", "CSharp", "--openapi", dir["openapi.json"], "--output", Path.Combine(project, "Generated"),
            "--class-name", "MatchModelsClient", "--namespace-name", "MatchModels.Client", "--exclude-backward-compatible", "--clean-output", "--log-level", "Warning");
        Assert.True(generated.ExitCode == 0, generated.ToString());

        Result run = await RunAsync(project, "run", "--project", Path.Combine(project, "GeneratedClient.csproj"), "--disable-build-servers",
            $"-p:DirectoryBuildPropsPath={Path.Combine(RepoPaths.Root, "Directory.Build.props")}",
            $"-p:DirectoryPackagesPropsPath={Path.Combine(RepoPaths.Root, "Directory.Packages.props")}",
            "--", baseUrl, key, limited);

        string[] ok = [.. run.Stdout.Split('\n', StringSplitOptions.TrimEntries).Where(l => l.StartsWith("ok ", StringComparison.Ordinal)).Select(l => l[3..])];
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(s_scenarios, ok);
    }

    private sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
    }

    private static async Task<Result> RunAsync(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        // Kiota asks the internet for a newer release unless told not to; this machine has no internet.
        start.Environment["KIOTA_UPDATE__DISABLED"] = "true";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        // The test host's MSBuild settings would otherwise leak into the child build.
        foreach (string variable in (string[])["MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH", "MSBuildLoadMicrosoftTargetsReadOnly"])
        {
            start.Environment.Remove(variable);
        }

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
