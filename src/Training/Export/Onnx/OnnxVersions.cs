namespace MatchModels.Training.Export.Onnx;

/// <summary>
/// The ONNX versions every exported graph declares. Chosen as the oldest set that has every operator the scoring
/// graph uses in the form it uses, so that older runtimes load the files too; ONNX Runtime 1.31 reads them all.
/// </summary>
public static class OnnxVersions
{
    /// <summary>IR version 8 (ONNX 1.10 to 1.12) is the IR that goes with default opset 17.</summary>
    public const long IrVersion = 8;

    public const string DefaultDomain = "";

    /// <summary>
    /// Opset 17: Squeeze takes its axes as an input (since 13), GreaterOrEqual exists (since 12) and Cast,
    /// Mul, Add, MatMul and Sigmoid accept doubles.
    /// </summary>
    public const long DefaultOpset = 17;

    public const string MlDomain = "ai.onnx.ml";

    /// <summary>
    /// ai.onnx.ml opset 3: TreeEnsembleRegressor-3 adds the *_as_tensor attributes that carry thresholds and leaf
    /// values as doubles. Opset 5 replaces it with TreeEnsemble, which older runtimes lack; Scaler is unchanged since 1.
    /// </summary>
    public const long MlOpset = 3;
}
