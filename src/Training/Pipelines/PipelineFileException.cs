namespace MatchModels.Training.Pipelines;

/// <summary>One problem in a pipeline file, where it is: <c>pipelines/x.yaml:12: unknown key 'feaures' (did you mean 'features'?)</c>.</summary>
/// <param name="File">The file as the caller named it.</param>
/// <param name="Line">1-based; null when the problem is the file as a whole (it cannot be read).</param>
/// <param name="Column">1-based; set where the line alone does not point at the problem (a syntax error, an item of a list).</param>
/// <param name="Message">What is wrong and, where it helps, what would be right.</param>
public sealed record PipelineError(string File, int? Line, int? Column, string Message)
{
    public override string ToString() => (Line, Column) switch
    {
        (null, _) => $"{File}: {Message}",
        ({ } line, null) => $"{File}:{line}: {Message}",
        ({ } line, { } column) => $"{File}:{line}:{column}: {Message}",
    };
}

/// <summary>Every problem found in a pipeline file, in file order; nothing of the file is used when this is thrown.</summary>
public sealed class PipelineFileException : Exception
{
    public PipelineFileException(IReadOnlyList<PipelineError> errors)
        : base(Join(errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<PipelineError> Errors { get; }

    private static string Join(IReadOnlyList<PipelineError> errors) =>
        errors.Count == 1 ? errors[0].ToString() : $"{errors.Count} problems in the pipeline file:{Environment.NewLine}" + string.Join(Environment.NewLine, errors);
}
