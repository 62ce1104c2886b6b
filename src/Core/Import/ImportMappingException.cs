namespace MatchModels.Core.Import;

/// <summary>
/// One problem of a mapping file, where it is: <c>mapping.yaml:12: tables.pairs.columns.mentee_id.from: …</c>. The line
/// is 1-based, and null when the problem is the file (or folder) as a whole.
/// </summary>
public sealed record MappingError(string File, int? Line, string Message)
{
    public override string ToString() => Line is { } line ? $"{File}:{line}: {Message}" : $"{File}: {Message}";
}

/// <summary>Every problem found in a mapping file (or between it and the export it names); nothing is imported.</summary>
public sealed class ImportMappingException : Exception
{
    public ImportMappingException(IReadOnlyList<MappingError> errors)
        : base(errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems in the mapping:{Environment.NewLine}" + string.Join(Environment.NewLine, errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<MappingError> Errors { get; }
}
