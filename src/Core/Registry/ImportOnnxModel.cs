using System.Text;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MatchModels.Core.Registry;

/// <summary>
/// Registers an ONNX model trained elsewhere after checking, with ONNX Runtime itself, that its signature is the
/// one the spec promises: a float input [N, F] named as in the spec with F = the number of features, and a float
/// probability output [N] or [N, 1]. A mismatch is refused with what was expected and what was found.
/// </summary>
public sealed class ImportOnnxModel(ModelRegistry registry, TimeProvider clock)
{
    public ModelVersion Run(string name, byte[] onnx, ImportSpec spec, string sourceFile, string? alias = null)
    {
        ModelReference.CheckName(name);
        OnnxSignature signature = CheckSignature(onnx, spec);
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            ["card.md"] = Encoding.UTF8.GetBytes(ImportedCard(name, spec, sourceFile, signature)),
        };
        return new RegisterModelVersion(registry, clock).Run(name, onnx, (version, now) => new VersionContent(
            new ModelManifest(
                ModelManifest.CurrentFormat, name, version, ModelManifest.SourceImported, now, signature,
                new FeatureSpec(spec.Task, spec.Features, spec.HorizonDays, spec.State, null, null), spec.Threshold,
                Trainer: null, Hyperparameters: null, Seed: null, Metrics: new Dictionary<string, double>(), OracleMetrics: null, Importance: [],
                Evaluation: null, Fairness: null, Gates: null, Data: [], Pipeline: null, Run: new RunReference("import", Path.GetFullPath(sourceFile)),
                GitCommit: null, Packages: null, Parity: null, Reference: null, Digests: new ManifestDigests("", new Dictionary<string, string>(), "")),
            files), alias, alias is null ? null : "imported");
    }

    public static OnnxSignature CheckSignature(byte[] onnx, ImportSpec spec)
    {
        (long ir, IReadOnlyDictionary<string, long> opsets) header;
        try
        {
            header = OnnxHeader.Read(onnx);
        }
        catch (FormatException e)
        {
            throw new RegistryException($"the file is not a readable ONNX model: {e.Message}");
        }

        InferenceSession session;
        try
        {
            session = new InferenceSession(onnx);
        }
        catch (OnnxRuntimeException e)
        {
            throw new RegistryException($"ONNX Runtime cannot load the file: {e.Message}");
        }

        using (session)
        {
            var problems = new List<string>();
            string inputs = string.Join(", ", session.InputMetadata.Select(kv => Describe(kv.Key, kv.Value)));
            if (!session.InputMetadata.TryGetValue(spec.Input, out NodeMetadata? input))
            {
                problems.Add($"expected an input '{spec.Input}' float[N, {spec.Features.Count}], found inputs {inputs}");
            }
            else if (input.ElementDataType != TensorElementType.Float || input.Dimensions.Length != 2 || input.Dimensions[1] != spec.Features.Count)
            {
                problems.Add($"expected input '{spec.Input}' float[N, {spec.Features.Count}] (one column per feature in the spec), found {Describe(spec.Input, input)}");
            }

            if (session.InputMetadata.Count > 1)
            {
                problems.Add($"expected exactly one input, found {session.InputMetadata.Count}: {inputs}");
            }

            string outputs = string.Join(", ", session.OutputMetadata.Select(kv => Describe(kv.Key, kv.Value)));
            if (!session.OutputMetadata.TryGetValue(spec.Output, out NodeMetadata? output))
            {
                problems.Add($"expected an output '{spec.Output}' float[N], found outputs {outputs}");
            }
            else if (output.ElementDataType != TensorElementType.Float || !(output.Dimensions.Length == 1 || (output.Dimensions.Length == 2 && output.Dimensions[1] == 1)))
            {
                problems.Add($"expected output '{spec.Output}' float[N] (one probability per row), found {Describe(spec.Output, output)}");
            }

            if (problems.Count > 0)
            {
                throw new RegistryException("the model's signature does not match the feature spec: " + string.Join("; ", problems));
            }
        }

        return new OnnxSignature("model.onnx", spec.Input, spec.Features.Count, spec.Output, header.ir, header.opsets);
    }

    private static string Describe(string name, NodeMetadata m) =>
        m.IsTensor
            ? $"'{name}' {m.ElementDataType.ToString().ToLowerInvariant()}[{string.Join(", ", m.Dimensions.Select(d => d < 0 ? "N" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]"
            : $"'{name}' {m.OnnxValueType}";

    private static string ImportedCard(string name, ImportSpec spec, string sourceFile, OnnxSignature signature) =>
        $"""
        # Model card: {name} (imported)

        This version was trained outside MatchModels and imported from `{Path.GetFileName(sourceFile)}`.
        MatchModels checked its signature (input `{signature.Input}` float[N, {signature.Width}], output `{signature.Output}`)
        and nothing else: it has no recorded training data, evaluation, fairness report or parity check.

        - **Task:** {spec.Task}
        - **Features, in column order:** {string.Join(", ", spec.Features)}
        - **Decision threshold:** {spec.Threshold}
        - **Raw profiles can be scored:** {(spec.State is null ? "no (no fitted feature state was supplied; only feature vectors)" : "yes")}

        ## Intended use

        Proposals for a person to review in a mentoring or coaching programme, never automatic decisions about employees.
        Because its evaluation happened elsewhere, promoting it requires `--force --reason`.
        """;
}
