using MatchModels.Core.Scoring;
using Microsoft.ML.OnnxRuntime;

namespace MatchModels.Training.Tests.Export;

/// <summary>Both outputs of an exported model, read straight from ONNX Runtime (the scorer only returns probabilities).</summary>
internal static class OnnxOutputs
{
    public static (float[] Probability, long[] Label) Run(byte[] onnx, float[] rowMajor, int rows)
    {
        using var session = new InferenceSession(onnx);
        using var options = new RunOptions();
        using OrtValue input = OrtValue.CreateTensorValueFromMemory(rowMajor, [rows, rowMajor.Length / Math.Max(rows, 1)]);
        using IDisposableReadOnlyCollection<OrtValue> outputs = session.Run(
            options, [OnnxScoringContract.FeaturesInput], [input], [OnnxScoringContract.ProbabilityOutput, OnnxScoringContract.LabelOutput]);
        return (outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<long>().ToArray());
    }
}
