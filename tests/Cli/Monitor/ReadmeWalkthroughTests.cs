using System.Text;
using MatchModels.Core.Registry;

namespace MatchModels.Cli.Tests.Monitor;

/// <summary>
/// README.md's "Watching a model" walkthrough, read from README.md itself and run command by command through the real
/// program, with its scratch folder <c>watch/</c> in a temporary folder: the pipeline its here-document writes, generate,
/// train, promote, predict --log, monitor, retrain, models show and approve. The key and the server it starts in another
/// terminal are left out here; tests/Cli/Serve/DriftLoopTests.cs runs the same loop against a live <c>serve</c>.
/// </summary>
public sealed class ReadmeWalkthroughTests
{
    private const string Section = "## Watching a model: drift, alert, retraining";

    [Fact]
    public async Task The_readme_walkthrough_raises_drift_alerts_retrains_and_approves_version_2()
    {
        using var dir = new TempDir();
        string[] lines = WalkthroughLines();
        string appended = HereDocument(lines);
        string registry = Path.Combine(dir.Path, "models");
        await File.WriteAllTextAsync(Path.Combine(dir.Path, "pair-success.yaml"), await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "pipelines", "pair-success.yaml")) + appended);
        string[][] commands = [.. lines.Where(l => l.StartsWith("matchmodels ", StringComparison.Ordinal)).Select(l => Arguments(l, dir.Path))];

        Assert.Contains("monitoring:", appended, StringComparison.Ordinal);
        Assert.Equal(
            ["data", "train", "models", "keys", "serve", "predict", "monitor", "retrain", "models", "models"],
            commands.Select(c => c[0]));
        foreach (string[] command in commands.Where(c => c[0] is not ("keys" or "serve")))
        {
            CliProcess.Result r = await CliProcess.RunAsync(command);
            Assert.True(r.ExitCode == 0, $"matchmodels {string.Join(' ', command)}\n{r}");
            if (command[0] == "monitor")
            {
                Assert.Contains("alert dataset_drift", r.Stdout, StringComparison.Ordinal);
                Assert.Contains("dataset_drift", await File.ReadAllTextAsync(Path.Combine(registry, "pair-success", "monitoring", "alerts.jsonl")), StringComparison.Ordinal);
            }

            if (command[0] == "retrain")
            {
                Assert.Contains("awaiting_approval: triggered by dataset_drift", r.Stdout, StringComparison.Ordinal);
                Assert.Equal(2, new ModelRegistry(registry).Aliases("pair-success")["candidate"]);
            }
        }

        Assert.Equal(2, new ModelRegistry(registry).Aliases("pair-success")["champion"]);
        Assert.False(new ModelRegistry(registry).Aliases("pair-success").ContainsKey("candidate"));
    }

    /// <summary>The lines of the section's shell blocks.</summary>
    private static string[] WalkthroughLines()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        int start = readme.IndexOf(Section, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no '{Section}'");
        int end = readme.IndexOf("\n## ", start + Section.Length, StringComparison.Ordinal);
        string[] section = readme[start..end].Split('\n');
        var lines = new List<string>();
        bool inShell = false;
        foreach (string line in section)
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inShell = line == "```sh";
                continue;
            }

            if (inShell)
            {
                lines.Add(line);
            }
        }

        return [.. lines];
    }

    /// <summary>The here-document the walkthrough appends to the shipped pipeline.</summary>
    private static string HereDocument(string[] lines)
    {
        int open = Array.FindIndex(lines, l => l.EndsWith("<<'EOF'", StringComparison.Ordinal));
        int close = Array.IndexOf(lines, "EOF", open + 1);
        Assert.True(open >= 0 && close > open, "the walkthrough writes its pipeline with a here-document");
        return string.Join('\n', lines[(open + 1)..close]) + "\n";
    }

    /// <summary>A <c>matchmodels …</c> line's arguments: the comment dropped, quotes honoured, <c>watch/</c> moved into <paramref name="scratch"/>.</summary>
    private static string[] Arguments(string line, string scratch)
    {
        var args = new List<string>();
        var current = new StringBuilder();
        bool quoted = false, any = false;
        foreach (char c in line["matchmodels ".Length..])
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (c == '#' && !quoted)
            {
                break;
            }
            else if (c == ' ' && !quoted)
            {
                if (any)
                {
                    args.Add(current.ToString());
                    current.Clear();
                    any = false;
                }
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
        {
            args.Add(current.ToString());
        }

        return [.. args.Select(a => a.StartsWith("watch/", StringComparison.Ordinal) ? Path.Combine(scratch, a["watch/".Length..]) : a)];
    }
}
