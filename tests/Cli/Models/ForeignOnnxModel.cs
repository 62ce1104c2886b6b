using MatchModels.Training.Export.Onnx;

namespace MatchModels.Cli.Tests.Models;

/// <summary>
/// An ONNX file "trained elsewhere": a logistic regression written directly from ONNX messages in the test
/// (MatMul, Add, Sigmoid, Reshape), not by our exporter, so import is tested on a graph our trainers never make.
/// </summary>
internal static class ForeignOnnxModel
{
    public static byte[] Logistic(float[] weights, float bias, string input = "features", string output = "probability", int? declaredWidth = null)
    {
        int width = declaredWidth ?? weights.Length;
        var graph = new GraphProto(
            "foreign_logistic",
            [
                new NodeProto("MatMul", [input, "w"], ["margin"]),
                new NodeProto("Add", ["margin", "b"], ["logit"]),
                new NodeProto("Sigmoid", ["logit"], ["p2d"]),
                new NodeProto("Reshape", ["p2d", "flat"], [output]),
            ],
            [new ValueInfoProto(input, TypeProto.Tensor(OnnxDataType.Float, TensorShapeDimension.Symbolic("N"), TensorShapeDimension.Fixed(width)))],
            [new ValueInfoProto(output, TypeProto.Tensor(OnnxDataType.Float, TensorShapeDimension.Symbolic("N")))])
        {
            Initializers =
            [
                TensorProto.Floats("w", [weights.Length, 1], weights),
                TensorProto.Floats("b", [1], [bias]),
                TensorProto.Int64s("flat", [1], [-1]),
            ],
        };
        return new ModelProto(8, [new OperatorSetIdProto("", 17)], graph).ToByteArray();
    }

    /// <summary>σ(w·x + b), computed here in double to check what ONNX Runtime returns for the imported file.</summary>
    public static double Expected(float[] weights, float bias, float[] x) =>
        1 / (1 + Math.Exp(-(weights.Zip(x, (w, v) => (double)w * v).Sum() + bias)));
}
