using System.Text.Json;
using System.Text.Json.Serialization;
using MatchModels.Core.Features;

namespace MatchModels.Core.Registry;

/// <summary>
/// The feature spec of a model trained elsewhere (<c>matchmodels models import NAME FILE.onnx --features SPEC.json</c>):
/// which task it predicts, the names of its input features in column order, the graph's input and output names,
/// and optionally the fitted feature state (as written by a model registered here) so raw profiles can be scored.
/// </summary>
public sealed record ImportSpec(
    string Task,
    IReadOnlyList<string> Features,
    string Input = ImportSpec.DefaultInput,
    string Output = ImportSpec.DefaultOutput,
    double Threshold = 0.5,
    int? HorizonDays = null,
    FittedFeatureState? State = null)
{
    public const string DefaultInput = "features";
    public const string DefaultOutput = "probability";

    private static readonly JsonSerializerOptions s_json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    public static ImportSpec Parse(string json, string path)
    {
        ImportSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<ImportSpec>(json, s_json);
        }
        catch (JsonException e)
        {
            throw new RegistryException($"{path}: not a valid feature spec: {e.Message} (expected {{\"task\": \"pair-success\", \"features\": [names...], optional \"input\", \"output\", \"threshold\", \"horizon_days\", \"state\"}})");
        }

        if (spec is null)
        {
            throw new RegistryException($"{path}: the feature spec is empty");
        }

        if (spec.Task is not ("pair-success" or "dropout"))
        {
            throw new RegistryException($"{path}: task must be 'pair-success' or 'dropout', found '{spec.Task}'");
        }

        if (spec.Features.Count == 0 || spec.Features.Any(string.IsNullOrWhiteSpace) || spec.Features.Distinct(StringComparer.Ordinal).Count() != spec.Features.Count)
        {
            throw new RegistryException($"{path}: features must be a non-empty list of distinct names");
        }

        if (!double.IsFinite(spec.Threshold) || spec.Threshold is < 0 or > 1)
        {
            throw new RegistryException($"{path}: threshold must be a probability between 0 and 1, found {spec.Threshold}");
        }

        if (spec.State is { } state && spec.Features.FirstOrDefault(f => !state.FeatureNames.Contains(f)) is { } unknown)
        {
            throw new RegistryException($"{path}: feature '{unknown}' is not one the fitted state builds ({string.Join(", ", state.FeatureNames)})");
        }

        return spec;
    }
}
