using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MatchModels.Core.Scoring;

/// <summary>
/// What ONNX Runtime reports for one input or output. For a tensor, a dimension of -1 is symbolic (named in
/// <see cref="SymbolicDimensions"/>); other kinds of value (sequences, maps) have no element type or shape here.
/// </summary>
public sealed record OnnxValueSignature(string Name, OnnxValueType ValueType, TensorElementType ElementType, IReadOnlyList<long> Dimensions, IReadOnlyList<string> SymbolicDimensions)
{
    public bool IsTensor => ValueType == OnnxValueType.ONNX_TYPE_TENSOR;

    /// <summary>As in error messages: <c>'features' float[N, 8]</c>.</summary>
    public string Describe()
    {
        if (!IsTensor)
        {
            return $"'{Name}' {ValueType switch
            {
                OnnxValueType.ONNX_TYPE_SEQUENCE => "sequence",
                OnnxValueType.ONNX_TYPE_MAP => "map",
                OnnxValueType.ONNX_TYPE_SPARSETENSOR => "sparse tensor",
                OnnxValueType.ONNX_TYPE_OPTIONAL => "optional",
                _ => "value",
            }} (not a tensor)";
        }

        var dims = Dimensions.Select((d, i) => d >= 0
            ? d.ToString(CultureInfo.InvariantCulture)
            : i < SymbolicDimensions.Count && SymbolicDimensions[i].Length > 0 ? SymbolicDimensions[i] : "?");
        return $"'{Name}' {TypeName(ElementType)}[{string.Join(", ", dims)}]";
    }

    public static string TypeName(TensorElementType type) => type switch
    {
        TensorElementType.Float => "float",
        TensorElementType.Double => "double",
        TensorElementType.Int64 => "int64",
        TensorElementType.Int32 => "int32",
        TensorElementType.Bool => "bool",
        TensorElementType.String => "string",
        _ => type.ToString().ToLowerInvariant(),
    };
}

/// <summary>
/// A loaded scoring model's interface: its single input, its outputs, the custom metadata the file carries, and
/// the feature names when the file records them under <see cref="OnnxScoringContract.FeatureNamesKey"/>.
/// </summary>
public sealed record OnnxModelSignature(
    OnnxValueSignature Input,
    IReadOnlyList<OnnxValueSignature> Outputs,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<string>? FeatureNames)
{
    /// <summary>F, the fixed second dimension of the input.</summary>
    public int FeatureCount => checked((int)Input.Dimensions[1]);

    public OnnxValueSignature Probability => Outputs.Single(o => o.Name == OnnxScoringContract.ProbabilityOutput);

    public string Describe() => $"{Input.Describe()} -> {string.Join(", ", Outputs.Select(o => o.Describe()))}";
}
