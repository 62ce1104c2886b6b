namespace MatchModels.Core.Scoring;

/// <summary>A file that ONNX Runtime cannot load, or whose signature is not the scoring contract; the message says what was expected and found.</summary>
public sealed class InvalidOnnxModelException(string message, Exception? inner = null) : Exception(message, inner);
