using System.Globalization;
using System.Text;

namespace MatchModels.Training.Registration;

/// <summary>
/// The MLmodel file that lets an MLflow user load model.onnx with MLflow's ONNX flavour
/// (<c>mlflow.onnx.load_model(path)</c>, or <c>mlflow.pyfunc.load_model(path)</c>): the flavour names the file in
/// its <c>data</c> key, and the signature gives the tensor the graph takes and returns.
/// </summary>
public static class WriteMlflowModel
{
    /// <summary>The ONNX package version the flavour records; the file itself states its IR version and opsets.</summary>
    public const string OnnxVersion = "1.16.0";

    public static string Run(string name, int version, int width, DateTime createdUtc)
    {
        string inputs = $"[{{\"type\": \"tensor\", \"tensor-spec\": {{\"dtype\": \"float32\", \"shape\": [-1, {width}]}}, \"name\": \"features\"}}]";
        string outputs = "[{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"float32\", \"shape\": [-1]}, \"name\": \"probability\"}, "
            + "{\"type\": \"tensor\", \"tensor-spec\": {\"dtype\": \"int64\", \"shape\": [-1]}, \"name\": \"label\"}]";
        var sb = new StringBuilder();
        sb.AppendLine("# Written by MatchModels so that MLflow's ONNX flavour can load model.onnx from this folder.");
        sb.AppendLine("artifact_path: model");
        sb.AppendLine("flavors:");
        sb.AppendLine("  onnx:");
        sb.AppendLine("    code: null");
        sb.AppendLine("    data: model.onnx");
        sb.AppendLine(CultureInfo.InvariantCulture, $"    onnx_version: {OnnxVersion}");
        sb.AppendLine("    providers:");
        sb.AppendLine("    - CPUExecutionProvider");
        sb.AppendLine("  python_function:");
        sb.AppendLine("    data: model.onnx");
        sb.AppendLine("    loader_module: mlflow.onnx");
        sb.AppendLine("    python_version: 3.11.7");
        sb.AppendLine("signature:");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  inputs: '{inputs}'");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  outputs: '{outputs}'");
        sb.AppendLine(CultureInfo.InvariantCulture, $"model_uuid: {Uuid(name, version)}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"utc_time_created: '{createdUtc:yyyy-MM-dd HH:mm:ss.ffffff}'");
        return sb.ToString();
    }

    /// <summary>A stable id per name and version (MLflow only needs it unique), so the file is the same on every rewrite.</summary>
    private static string Uuid(string name, int version)
    {
        byte[] hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes($"matchmodels/{name}/{version}"));
        return Convert.ToHexStringLower(hash, 0, 16);
    }
}
