using Google.Protobuf;

namespace MatchModels.Training.Export.Onnx;

/// <summary>onnx.proto ValueInfoProto: a graph input or output, by name and type.</summary>
public sealed record ValueInfoProto(string Name, TypeProto Type) : IOnnxMessage
{
    private const int NameField = 1;
    private const int TypeField = 2;

    public int CalculateSize() => ProtoWire.StringSize(NameField, Name) + ProtoWire.MessageSize(TypeField, Type);

    public void WriteTo(CodedOutputStream output)
    {
        ProtoWire.WriteString(output, NameField, Name);
        ProtoWire.WriteMessage(output, TypeField, Type);
    }
}
