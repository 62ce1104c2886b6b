using Google.Protobuf;

namespace MatchModels.Training.Export.Onnx;

/// <summary>
/// A protobuf message of onnx.proto written by hand: no protoc is available here, and the few messages a scoring
/// graph needs are small. Each message writes its fields in field-number order, as protoc's serialiser does, so
/// the same message always gives the same bytes.
/// </summary>
public interface IOnnxMessage
{
    int CalculateSize();

    void WriteTo(CodedOutputStream output);
}
