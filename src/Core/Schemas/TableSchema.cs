namespace MatchModels.Core.Schemas;

/// <summary>The value kinds a programme-history column can hold.</summary>
public enum ColumnKind
{
    String,
    Integer,
    Number,
    Boolean,
    DateTime,
    /// <summary>A list of strings: a Parquet/CSV string joined with <see cref="TableSchema.ListSeparator"/>.</summary>
    StringList,
}

/// <summary>One column as a JSON Schema property describes it.</summary>
public sealed record ColumnSpec(
    string Name,
    ColumnKind Kind,
    bool Required,
    bool Nullable,
    double? Minimum,
    double? Maximum,
    IReadOnlyList<string>? Enum,
    int? MinLength,
    int? MinItems,
    string? References,
    string? Role,
    bool AuditOnly,
    string? Description)
{
    public string ExpectedType => Kind switch
    {
        ColumnKind.String => "string",
        ColumnKind.Integer => "integer",
        ColumnKind.Number => "number",
        ColumnKind.Boolean => "boolean (true/false)",
        ColumnKind.DateTime => "date-time (ISO 8601, UTC)",
        ColumnKind.StringList => $"list of strings joined with '{TableSchema.ListSeparator}'",
        _ => Kind.ToString(),
    };
}

/// <summary>A programme-history table: its columns and its key, read from data/schemas.</summary>
public sealed record TableSchema(string Name, IReadOnlyList<ColumnSpec> Columns, IReadOnlyList<string> Key)
{
    public const char ListSeparator = ';';

    public ColumnSpec? Find(string column) => Columns.FirstOrDefault(c => c.Name == column);

    public ColumnSpec this[string column] =>
        Find(column) ?? throw new KeyNotFoundException($"table '{Name}' has no column '{column}'");
}
