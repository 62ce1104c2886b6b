using MatchModels.Core.Tables;
using MatchModels.Synthetic;

namespace MatchModels.Benchmarks;

/// <summary>
/// The benchmark history of issue 2: 100k participants (50k mentees, 50k mentors), 50k pairs and about a
/// million sessions, generated once into a cache folder and reused by every benchmark process.
/// </summary>
internal static class LargeHistory
{
    public static readonly SyntheticOptions Options = new(Mentees: 50_000, Mentors: 50_000, Cohorts: 6, Seed: 11)
    {
        // Weekly-or-more meetings for pairs that work bring the session table to about a million rows.
        SuccessfulMeetingGapDays = (2, 4),
    };

    public static string Directory { get; } = Path.Combine(Path.GetTempPath(), "matchmodels-bench-history-v2");

    public static string Ensure()
    {
        if (File.Exists(Path.Combine(Directory, "sessions.parquet")))
        {
            return Directory;
        }

        SyntheticHistory h = GenerateSyntheticHistory.Run(Options);
        string aside = Directory + ".partial-" + Environment.ProcessId;
        WriteSyntheticHistory.ToDirectoryAsync(h, aside, TableFormat.Parquet).GetAwaiter().GetResult();
        System.IO.Directory.Move(aside, Directory);
        return Directory;
    }
}
