using MatchModels.Core.Features;

namespace MatchModels.Training.Pipelines;

/// <summary>Which predictor a pipeline trains, and so which Core feature builder and which label rule it uses.</summary>
public enum PipelineTask
{
    /// <summary>Will this pair succeed? Features as of the match date.</summary>
    PairSuccess,

    /// <summary>Will this pair drop out? Features as of the match date plus cutoff_days.</summary>
    Dropout,
}

public static class PipelineTaskNames
{
    private static readonly YamlNames<PipelineTask> s_names = new(
        (PipelineTask.PairSuccess, PairFeatureBuilder.PairSuccessSet),
        (PipelineTask.Dropout, PairFeatureBuilder.DropoutSet));

    public static IReadOnlyList<string> All => s_names.Names;

    internal static YamlNames<PipelineTask> Yaml => s_names;

    public static bool TryParse(string name, out PipelineTask task) => s_names.TryParse(name, out task);

    extension(PipelineTask task)
    {
        /// <summary>As pipeline files spell it: pair-success, dropout.</summary>
        public string YamlName => s_names.Of(task);
    }
}
