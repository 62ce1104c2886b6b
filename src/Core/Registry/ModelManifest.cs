using System.Text.Json;
using MatchModels.Core.Features;

namespace MatchModels.Core.Registry;

/// <summary>
/// model.json: everything needed to trust, reproduce and serve one registered version. The parts any scorer
/// needs (the ONNX signature, the feature spec with its fitted state, the threshold) are typed here; the
/// training-side reports (evaluation, fairness, gates) are kept as the JSON training wrote, so Core does not
/// depend on Training's types and an imported model can simply leave them out.
/// </summary>
public sealed record ModelManifest(
    int FormatVersion,
    string Name,
    int Version,
    string Source,
    DateTime CreatedAtUtc,
    OnnxSignature Onnx,
    FeatureSpec Features,
    double Threshold,
    string? Trainer,
    IReadOnlyDictionary<string, double>? Hyperparameters,
    int? Seed,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double>? OracleMetrics,
    IReadOnlyList<FeatureWeight> Importance,
    JsonElement? Evaluation,
    JsonElement? Fairness,
    JsonElement? Gates,
    IReadOnlyList<DataDigest> Data,
    PipelineReference? Pipeline,
    RunReference? Run,
    string? GitCommit,
    IReadOnlyDictionary<string, string>? Packages,
    ParityCheck? Parity,
    FeatureReference? Reference,
    ManifestDigests Digests)
{
    public const int CurrentFormat = 1;
    public const string SourceTrained = "trained";
    public const string SourceImported = "imported";
}

/// <summary>
/// The graph contract: a float input [N, Width] named <see cref="Input"/>, a float output [N] named <see cref="Output"/>
/// (and, for models exported here, an int64 label). Opset and IR version as read from the file.
/// </summary>
public sealed record OnnxSignature(string File, string Input, int Width, string Output, long IrVersion, IReadOnlyDictionary<string, long> Opsets);

/// <summary>
/// Which features, in which order, and how to rebuild them: the builder's feature set and horizon, and what it
/// fitted on the training rows. <see cref="State"/> is null for an imported model whose features were built
/// elsewhere: such a model can score feature vectors but not raw profiles.
/// </summary>
public sealed record FeatureSpec(
    string Task,
    IReadOnlyList<string> Names,
    int? HorizonDays,
    FittedFeatureState? State,
    IReadOnlyList<string>? AuditAttributes,
    IReadOnlyDictionary<string, string[]>? AuditCategories);

public sealed record FeatureWeight(string Feature, double Importance);

public sealed record DataDigest(string Table, string File, long Bytes, int Rows, string Sha256);

public sealed record PipelineReference(string Name, string Digest, string File);

public sealed record RunReference(string Id, string Path);

/// <summary>max |p_onnx − p_ml.net| over the rows checked, against the tolerance registration requires.</summary>
public sealed record ParityCheck(int Rows, double MaxAbsDifference, double Tolerance);

/// <summary>
/// SHA-256 of model.onnx, of every other file in the version, and of model.json itself. The last is computed
/// over model.json with its own value replaced by 64 zeros (<see cref="ManifestFile"/>), so it can live inside the file it checks.
/// </summary>
public sealed record ManifestDigests(string ModelOnnx, IReadOnlyDictionary<string, string> Files, string ModelJson);
