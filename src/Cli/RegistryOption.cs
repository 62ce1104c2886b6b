using System.CommandLine;

namespace MatchModels.Cli;

/// <summary>--registry DIR: every command that reads or writes models takes it (default models/, or MATCHMODELS_REGISTRY).</summary>
public static class RegistryOption
{
    public const string EnvironmentVariable = "MATCHMODELS_REGISTRY";

    public static Option<string> Create() => new("--registry")
    {
        Description = $"The model registry folder (default: ${EnvironmentVariable}, or models/).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env : "models",
    };
}
