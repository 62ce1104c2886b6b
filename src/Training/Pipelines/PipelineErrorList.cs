using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MatchModels.Training.Pipelines;

/// <summary>Collects the problems of one pipeline file, so the author sees all of them at once rather than one per run.</summary>
internal sealed class PipelineErrorList(string file)
{
    private readonly List<PipelineError> _errors = [];

    public string File { get; } = file;

    public bool Any => _errors.Count > 0;

    public void Add(Mark at, string message, bool withColumn = false) =>
        _errors.Add(new PipelineError(File, (int)at.Line, withColumn ? (int)at.Column : null, message));

    public void Add(YamlNode at, string message, bool withColumn = false) => Add(at.Start, message, withColumn);

    public void AddWholeFile(string message) => _errors.Add(new PipelineError(File, null, null, message));

    /// <summary>In file order; problems found on the same line keep the order they were found in.</summary>
    public PipelineFileException ToException() =>
        new([.. _errors.OrderBy(e => e.Line ?? 0).ThenBy(e => e.Column ?? 0)]);
}
