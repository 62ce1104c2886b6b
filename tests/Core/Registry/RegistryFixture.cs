using System.Text;
using MatchModels.Core.Registry;

namespace MatchModels.Core.Tests.Registry;

/// <summary>Registers small versions whose model.onnx is opaque bytes: the registry never parses it, so these tests need no real model.</summary>
internal static class RegistryFixture
{
    public static ModelVersion Register(ModelRegistry registry, string name, double auc = 0.7, string pipeline = "name: x\nseed: 1\n", string? alias = null, byte[]? onnx = null) =>
        new RegisterModelVersion(registry, TimeProvider.System).Run(
            name,
            onnx ?? Encoding.UTF8.GetBytes($"onnx bytes {Guid.NewGuid()}"),
            (version, now) => new VersionContent(Manifest(name, version, now, auc), new Dictionary<string, byte[]>
            {
                ["card.md"] = Encoding.UTF8.GetBytes($"# {name} v{version}\n"),
                ["pipeline.yaml"] = Encoding.UTF8.GetBytes(pipeline),
            }),
            alias);

    public static ModelManifest Manifest(string name, int version, DateTime now, double auc) => new(
        ModelManifest.CurrentFormat, name, version, ModelManifest.SourceTrained, now,
        new OnnxSignature("model.onnx", "features", 2, "probability", 8, new Dictionary<string, long> { ["ai.onnx"] = 17 }),
        new FeatureSpec("pair-success", ["a", "b"], null, null, null, null), 0.5, "fast_tree", new Dictionary<string, double> { ["trees"] = 10 }, 7,
        new Dictionary<string, double> { ["roc_auc"] = auc, ["ece"] = 0.02 }, null,
        [new FeatureWeight("a", auc / 10), new FeatureWeight("b", 0.01)], null, null, null,
        [new DataDigest("pairs", "pairs.parquet", 10, 2, new string('a', 64))], new PipelineReference(name, new string('b', 64), "pipeline.yaml"),
        new RunReference("run", "/tmp/run"), "abc", null, new ParityCheck(10, 1e-7, 1e-5), null, new ManifestDigests("", new Dictionary<string, string>(), ""));
}
