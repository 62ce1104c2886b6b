using System.Diagnostics;
using System.Reflection;
using Microsoft.ML;

namespace MatchModels.Training.Runs;

/// <summary>Where a run came from: the code's git commit when there is one, and the versions of what trained it.</summary>
public static class Provenance
{
    public static string? GitCommit(string directory)
    {
        try
        {
            var start = new ProcessStartInfo("git", ["-C", directory, "rev-parse", "HEAD"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using Process? git = Process.Start(start);
            if (git is null)
            {
                return null;
            }

            string output = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit(5000);
            return git.ExitCode == 0 && output.Length == 40 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null; // no git on this machine: the run is still recorded, without a commit
        }
    }

    public static IReadOnlyDictionary<string, string> PackageVersions() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["dotnet"] = Environment.Version.ToString(),
        ["MatchModels.Training"] = Version(typeof(Provenance).Assembly),
        ["Microsoft.ML"] = Version(typeof(MLContext).Assembly),
        ["Microsoft.ML.FastTree"] = Version(typeof(Microsoft.ML.Trainers.FastTree.FastTreeBinaryTrainer).Assembly),
        ["Microsoft.ML.LightGbm"] = Version(typeof(Microsoft.ML.Trainers.LightGbm.LightGbmBinaryTrainer).Assembly),
        ["Parquet.Net"] = Version(typeof(Parquet.ParquetReader).Assembly),
    };

    private static string Version(Assembly a) =>
        a.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? a.GetName().Version?.ToString() ?? "unknown";
}
