using MatchModels.Core.Scoring;
using MatchModels.Training.Export.Onnx;

namespace MatchModels.Core.Tests.Scoring;

/// <summary>
/// Small ONNX models written by hand for the scorer's tests: p = sigmoid(x·w) over a float input, with the
/// parts a test wants to get wrong (names, widths, a fixed batch size, extra outputs) as parameters.
/// </summary>
internal static class TinyOnnx
{
    public static byte[] Logistic(
        float[] weights,
        int? declaredWidth = null,
        string output = OnnxScoringContract.ProbabilityOutput,
        TensorShapeDimension? batch = null,
        OnnxDataType outputType = OnnxDataType.Float,
        IReadOnlyList<StringStringEntryProto>? metadata = null)
    {
        TensorShapeDimension n = batch ?? TensorShapeDimension.Symbolic("N");
        int width = declaredWidth ?? weights.Length;
        NodeProto[] nodes =
        [
            new("MatMul", [OnnxScoringContract.FeaturesInput, "w"], ["xw"]),
            new("Squeeze", ["xw", "axis"], ["z"]),
            new("Sigmoid", ["z"], [outputType == OnnxDataType.Float ? output : "p"]),
            .. outputType == OnnxDataType.Float ? Array.Empty<NodeProto>() : [new NodeProto("Cast", ["p"], [output]) { Attributes = [AttributeProto.Int("to", (long)outputType)] }],
        ];
        var graph = new GraphProto(
            "tiny",
            nodes,
            [new ValueInfoProto(OnnxScoringContract.FeaturesInput, TypeProto.Tensor(OnnxDataType.Float, n, TensorShapeDimension.Fixed(width)))],
            [new ValueInfoProto(output, TypeProto.Tensor(outputType, n))])
        {
            Initializers = [TensorProto.Floats("w", [weights.Length, 1], weights), TensorProto.Int64s("axis", [1], [1])],
        };
        return new ModelProto(8, [new OperatorSetIdProto("", 17)], graph) { ProducerName = "test", MetadataProps = metadata ?? [] }.ToByteArray();
    }
}
