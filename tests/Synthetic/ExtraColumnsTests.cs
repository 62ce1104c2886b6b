using MatchModels.Core.History;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Synthetic.Tests;

/// <summary><c>--extra-columns</c>: per-person HR columns whose effect on both truths is the one docs/synthetic-data.md documents.</summary>
public sealed class ExtraColumnsTests
{
    private static readonly SyntheticOptions s_options = new(Mentees: 800, Mentors: 250, DropoutHorizonDays: 21) { ExtraColumns = true };

    [Fact]
    public void The_truth_is_the_documented_function_of_the_schema_columns_and_the_extra_ones()
    {
        SyntheticHistory h = GenerateSyntheticHistory.Run(s_options);
        var extra = Traits(h);

        (double[] pSuccess, double[] pDropout) = TruthFromTables.Recompute(h.History, PhraseBank.BuiltIn, null, s_options.DropoutHorizonDays, extra);

        for (int i = 0; i < h.Truth.Count; i++)
        {
            Assert.Equal(h.Truth[i].PSuccess, pSuccess[i], 12);
            Assert.Equal(h.Truth[i].PDropout, pDropout[i], 12);
        }
    }

    [Fact]
    public void The_extra_columns_move_the_truth_a_lot_so_that_a_model_without_them_falls_short_of_the_oracle()
    {
        SyntheticHistory h = GenerateSyntheticHistory.Run(s_options);
        (double[] withoutExtra, _) = TruthFromTables.Recompute(h.History, PhraseBank.BuiltIn, null, s_options.DropoutHorizonDays);

        // The spread of the extra term in logits across pairs: comparable to the schema columns' own effects.
        double[] extraLogit = [.. h.Truth.Select((t, i) => Logit(t.PSuccess) - Logit(withoutExtra[i]))];
        double mean = extraLogit.Average();
        double sd = Math.Sqrt(extraLogit.Select(x => (x - mean) * (x - mean)).Average());
        Assert.InRange(sd, 0.6, 2.0);
    }

    [Fact]
    public void Without_the_option_there_are_no_extra_columns_and_the_same_seed_gives_the_same_history()
    {
        SyntheticHistory plain = GenerateSyntheticHistory.Run(s_options with { ExtraColumns = false });
        SyntheticHistory again = GenerateSyntheticHistory.Run(new SyntheticOptions(Mentees: 800, Mentors: 250, DropoutHorizonDays: 21));

        Assert.Null(plain.ExtraParticipantColumns);
        Assert.Equal(again.Truth, plain.Truth);
    }

    [Fact]
    public void Every_column_has_the_documented_range_and_mentors_are_certified_more_often()
    {
        SyntheticHistory h = GenerateSyntheticHistory.Run(s_options);
        IReadOnlyList<TableColumn> c = h.ExtraParticipantColumns!;

        Assert.Equal(ExtraColumns.Names, c.Select(x => x.Name));
        Assert.All(c, x => Assert.Equal(h.History.Participants.Count, x.Length));
        Assert.All(Column(c, ExtraColumns.EngagementScore).Numbers!, v => Assert.True(v is null or (>= 1.0 and <= 5.0)));
        Assert.InRange(Column(c, ExtraColumns.EngagementScore).Numbers!.Count(v => v is null) / (double)h.History.Participants.Count, 0.05, 0.15);
        Assert.All(Column(c, ExtraColumns.PerformanceRating).Integers!, v => Assert.InRange(v!.Value, 1, 5));
        Assert.All(Column(c, ExtraColumns.Education).Strings!, v => Assert.Contains(v, ExtraColumns.EducationLevels));
        Assert.All(Column(c, ExtraColumns.Interests).Lists!, v => Assert.InRange(v!.Length, 1, 3));
        Assert.All(Column(c, ExtraColumns.Interests).Lists!, v => Assert.Subset(ExtraColumns.InterestWords.ToHashSet(), v!.ToHashSet()));
        bool?[] certified = Column(c, ExtraColumns.CoachingCertified).Booleans!;
        double Share(Role role) => h.History.Participants.Select((p, i) => (p, i)).Where(x => x.p.Role == role).Average(x => certified[x.i] == true ? 1.0 : 0.0);
        Assert.True(Share(Role.Mentor) > 2 * Share(Role.Mentee));
    }

    [Theory]
    [InlineData(TableFormat.Parquet)]
    [InlineData(TableFormat.Csv)]
    public async Task The_columns_follow_the_schemas_in_participants_and_the_history_still_loads_with_them_listed_as_ignored(TableFormat format)
    {
        using var dir = new TempDir();
        SyntheticHistory h = GenerateSyntheticHistory.Run(s_options);
        await WriteSyntheticHistory.ToDirectoryAsync(h, dir.Path, format);

        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);
        Assert.True(loaded.Ok, string.Join("\n", loaded.Problems.Select(p => p.Message)));
        Assert.Equal(h.History.Participants.Count, loaded.History!.Participants.Count);

        var problems = new ProblemList();
        string file = dir["participants" + TableFormats.Extension(format)];
        RawTable raw = (format == TableFormat.Parquet ? await ParquetTableReader.ReadAsync(file, problems) : CsvTableReader.Read(file, problems))!;
        Assert.Equal(ExtraColumns.Names, raw.Columns.Select(x => x.Name).TakeLast(ExtraColumns.Names.Count));
        Assert.Equal(ExtraColumns.Names, TableDecoder.IgnoredColumns(Core.Schemas.HistorySchemas.Participants, raw));
    }

    private static TableColumn Column(IReadOnlyList<TableColumn> columns, string name) => columns.Single(x => x.Name == name);

    private static double Logit(double p) => Math.Log(p / (1 - p));

    /// <summary>The extra columns read back per participant id, as an independent reader of the written values would.</summary>
    private static Dictionary<string, TruthFromTables.Extra> Traits(SyntheticHistory h)
    {
        IReadOnlyList<TableColumn> c = h.ExtraParticipantColumns!;
        var traits = new Dictionary<string, TruthFromTables.Extra>(StringComparer.Ordinal);
        for (int i = 0; i < h.History.Participants.Count; i++)
        {
            traits[h.History.Participants[i].ParticipantId] = new TruthFromTables.Extra(
                Column(c, ExtraColumns.EngagementScore).Numbers![i],
                Column(c, ExtraColumns.Overtime).Booleans![i]!.Value,
                Column(c, ExtraColumns.CoachingCertified).Booleans![i]!.Value,
                (int)Column(c, ExtraColumns.PerformanceRating).Integers![i]!.Value,
                Column(c, ExtraColumns.Education).Strings![i]!,
                Column(c, ExtraColumns.Interests).Lists![i]!);
        }

        return traits;
    }
}
