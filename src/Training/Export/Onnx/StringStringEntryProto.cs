using Google.Protobuf;

namespace MatchModels.Training.Export.Onnx;

/// <summary>onnx.proto StringStringEntryProto: one entry of ModelProto.metadata_props.</summary>
public sealed record StringStringEntryProto(string Key, string Value) : IOnnxMessage
{
    private const int KeyField = 1;
    private const int ValueField = 2;

    public int CalculateSize() => ProtoWire.StringSize(KeyField, Key) + ProtoWire.StringSize(ValueField, Value);

    public void WriteTo(CodedOutputStream output)
    {
        ProtoWire.WriteString(output, KeyField, Key);
        ProtoWire.WriteString(output, ValueField, Value);
    }
}
