using MatchModels.Core.Schemas;

namespace MatchModels.Core.Tests.Schemas;

public sealed class JsonSchemaReaderTests
{
    [Fact]
    public void Reads_the_four_committed_schemas()
    {
        Assert.Equal(["participants", "pairs", "sessions", "outcomes"], HistorySchemas.All.Select(s => s.Name));
        Assert.Equal(["participant_id"], HistorySchemas.Participants.Key);
        Assert.Equal(["pair_id", "held_at"], HistorySchemas.Sessions.Key);
    }

    [Fact]
    public void Maps_types_ranges_enums_and_nullability()
    {
        ColumnSpec level = HistorySchemas.Participants["job_level"];
        Assert.Equal(ColumnKind.Integer, level.Kind);
        Assert.Equal((1.0, 10.0), (level.Minimum!.Value, level.Maximum!.Value));
        Assert.True(level.Nullable);
        Assert.False(level.Required);
        Assert.False(HistorySchemas.Participants["role"].Nullable);
        Assert.True(HistorySchemas.Participants["role"].Required);

        ColumnSpec reason = HistorySchemas.Pairs["end_reason"];
        Assert.True(reason.Nullable);
        Assert.Equal(["completed", "mentee_dropped", "mentor_dropped", "rematched", "programme_ended"], reason.Enum);

        Assert.Equal(ColumnKind.DateTime, HistorySchemas.Sessions["held_at"].Kind);
        Assert.Equal(ColumnKind.StringList, HistorySchemas.Participants["languages"].Kind);
        Assert.True(HistorySchemas.Participants["gender"].AuditOnly);
        Assert.Equal((1.0, 5.0), (HistorySchemas.Sessions["mentee_rating"].Minimum!.Value, HistorySchemas.Sessions["mentee_rating"].Maximum!.Value));
    }

    [Fact]
    public void Embedded_schemas_are_the_files_in_data_schemas()
    {
        string dir = Path.Combine(RepoPaths.Root, "data", "schemas");
        foreach (TableSchema s in HistorySchemas.All)
        {
            Assert.Equal(File.ReadAllText(Path.Combine(dir, $"{s.Name}.schema.json")), HistorySchemas.RawJson(s.Name));
        }
    }

    [Fact]
    public void Refuses_a_keyword_it_does_not_understand()
    {
        const string Json = """
            { "title": "t", "properties": { "a": { "type": "string", "pattern": "^x" } } }
            """;
        var e = Assert.Throws<FormatException>(() => JsonSchemaReader.Read(Json));
        Assert.Contains("pattern", e.Message, StringComparison.Ordinal);
    }
}
