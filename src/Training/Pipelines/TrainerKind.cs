namespace MatchModels.Training.Pipelines;

/// <summary>The ML.NET binary classifiers a model search can try.</summary>
public enum TrainerKind
{
    /// <summary>Logistic regression fitted with L-BFGS.</summary>
    LbfgsLogistic,

    /// <summary>Logistic regression fitted with SDCA.</summary>
    SdcaLogistic,

    /// <summary>Gradient-boosted trees (ML.NET FastTree).</summary>
    FastTree,

    /// <summary>Random forest (ML.NET FastForest).</summary>
    FastForest,

    /// <summary>Gradient-boosted trees (LightGBM).</summary>
    LightGbm,
}

public static class TrainerKindNames
{
    private static readonly YamlNames<TrainerKind> s_names = new(
        (TrainerKind.LbfgsLogistic, "lbfgs_logistic"),
        (TrainerKind.SdcaLogistic, "sdca_logistic"),
        (TrainerKind.FastTree, "fast_tree"),
        (TrainerKind.FastForest, "fast_forest"),
        (TrainerKind.LightGbm, "lightgbm"));

    /// <summary>Every trainer's YAML name, in declaration order.</summary>
    public static IReadOnlyList<string> All => s_names.Names;

    internal static YamlNames<TrainerKind> Yaml => s_names;

    public static bool TryParse(string name, out TrainerKind trainer) => s_names.TryParse(name, out trainer);

    extension(TrainerKind trainer)
    {
        /// <summary>As pipeline files and leaderboards spell it: lbfgs_logistic, sdca_logistic, fast_tree, fast_forest, lightgbm.</summary>
        public string YamlName => s_names.Of(trainer);
    }
}
