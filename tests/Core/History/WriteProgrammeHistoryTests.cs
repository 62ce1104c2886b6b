using MatchModels.Core.History;
using MatchModels.Core.Tables;

namespace MatchModels.Core.Tests.History;

public sealed class WriteProgrammeHistoryTests
{
    [Theory]
    [InlineData(TableFormat.Parquet)]
    [InlineData(TableFormat.Csv)]
    public async Task Round_trips_the_valid_fixture(TableFormat format)
    {
        ProgrammeHistory original = (await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Fixture("valid"))).History!;
        using var dir = new TempDir();

        await WriteProgrammeHistory.ToDirectoryAsync(original, dir.Path, format);
        HistoryLoadResult reloaded = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

        Assert.Empty(reloaded.Problems);
        Assert.All(reloaded.Files, f => Assert.Equal(format, f.Format));
        ProgrammeHistory copy = reloaded.History!;
        Assert.Equal(original.Participants.Select(WithoutLists), copy.Participants.Select(WithoutLists));
        Assert.Equal(original.Participants.Select(p => p.Languages), copy.Participants.Select(p => p.Languages));
        Assert.Equal(original.Participants.Select(p => p.Skills), copy.Participants.Select(p => p.Skills));
        Assert.Equal(original.Pairs, copy.Pairs);
        Assert.Equal(original.Sessions, copy.Sessions);
        Assert.Equal(original.Outcomes, copy.Outcomes);
        Assert.All(copy.Pairs, p => Assert.Equal(DateTimeKind.Utc, p.MatchedAt.Kind));
    }

    [Theory]
    [InlineData(TableFormat.Parquet)]
    [InlineData(TableFormat.Csv)]
    public async Task Writes_the_same_bytes_for_the_same_history(TableFormat format)
    {
        ProgrammeHistory history = (await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Fixture("valid"))).History!;
        using var first = new TempDir();
        using var second = new TempDir();

        await WriteProgrammeHistory.ToDirectoryAsync(history, first.Path, format);
        await WriteProgrammeHistory.ToDirectoryAsync(history, second.Path, format);

        string ext = TableFormats.Extension(format);
        foreach (string table in new[] { "participants", "pairs", "sessions", "outcomes" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(first[table + ext]), await File.ReadAllBytesAsync(second[table + ext]));
        }
    }

    // Records compare lists by reference; the lists are compared element-wise on their own.
    private static Participant WithoutLists(Participant p) => p with { Languages = Array.Empty<string>(), Skills = Array.Empty<string>() };
}
