using System.Reflection;

namespace MatchModels.Core.Schemas;

/// <summary>The programme-history tables, read once from the JSON Schemas embedded from data/schemas.</summary>
public static class HistorySchemas
{
    public static TableSchema Participants { get; } = Load("participants");
    public static TableSchema Pairs { get; } = Load("pairs");
    public static TableSchema Sessions { get; } = Load("sessions");
    public static TableSchema Outcomes { get; } = Load("outcomes");

    /// <summary>The optional fifth table: attribute changes after joined_at, read after the four (it references participants).</summary>
    public static TableSchema ParticipantChanges { get; } = Load("participant_changes");

    /// <summary>The four required tables in load order: a table is loaded after every table it references.</summary>
    public static IReadOnlyList<TableSchema> All { get; } = [Participants, Pairs, Sessions, Outcomes];

    public static string RawJson(string table)
    {
        using Stream s = Assembly.GetExecutingAssembly().GetManifestResourceStream($"schemas/{table}.schema.json")
            ?? throw new InvalidOperationException($"schema '{table}' is not embedded in MatchModels.Core");
        using var reader = new StreamReader(s);
        return reader.ReadToEnd();
    }

    private static TableSchema Load(string table) => JsonSchemaReader.Read(RawJson(table));
}
