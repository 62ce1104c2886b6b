using Google.Protobuf;

namespace MatchModels.Training.Export.Onnx;

/// <summary>onnx.proto OperatorSetIdProto: one imported operator set. An empty domain is the default "ai.onnx" set.</summary>
public sealed record OperatorSetIdProto(string Domain, long Version) : IOnnxMessage
{
    private const int DomainField = 1;
    private const int VersionField = 2;

    public int CalculateSize() => ProtoWire.StringSize(DomainField, Domain) + ProtoWire.Int64Size(VersionField, Version);

    public void WriteTo(CodedOutputStream output)
    {
        ProtoWire.WriteString(output, DomainField, Domain);
        ProtoWire.WriteInt64(output, VersionField, Version);
    }
}
