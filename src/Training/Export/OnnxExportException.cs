namespace MatchModels.Training.Export;

/// <summary>A model the ONNX exporter refuses rather than export something that would score differently; the message says what is unsupported.</summary>
public sealed class OnnxExportException(string message) : Exception(message);
