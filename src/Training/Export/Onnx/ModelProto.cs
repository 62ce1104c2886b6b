using Google.Protobuf;

namespace MatchModels.Training.Export.Onnx;

/// <summary>onnx.proto ModelProto: the file. IR version, imported operator sets, producer, the graph and string metadata.</summary>
public sealed record ModelProto(long IrVersion, IReadOnlyList<OperatorSetIdProto> OpsetImport, GraphProto Graph) : IOnnxMessage
{
    private const int IrVersionField = 1;
    private const int ProducerNameField = 2;
    private const int ProducerVersionField = 3;
    private const int DocStringField = 6;
    private const int GraphField = 7;
    private const int OpsetImportField = 8;
    private const int MetadataPropsField = 14;

    public string ProducerName { get; init; } = "";

    public string ProducerVersion { get; init; } = "";

    public string DocString { get; init; } = "";

    /// <summary>Free-form key/value metadata; ONNX Runtime exposes it as the model's custom metadata map.</summary>
    public IReadOnlyList<StringStringEntryProto> MetadataProps { get; init; } = [];

    public int CalculateSize() =>
        ProtoWire.Int64Size(IrVersionField, IrVersion)
        + ProtoWire.StringSize(ProducerNameField, ProducerName)
        + ProtoWire.StringSize(ProducerVersionField, ProducerVersion)
        + ProtoWire.StringSize(DocStringField, DocString)
        + ProtoWire.MessageSize(GraphField, Graph)
        + ProtoWire.MessagesSize(OpsetImportField, OpsetImport)
        + ProtoWire.MessagesSize(MetadataPropsField, MetadataProps);

    public void WriteTo(CodedOutputStream output)
    {
        ProtoWire.WriteInt64(output, IrVersionField, IrVersion);
        ProtoWire.WriteString(output, ProducerNameField, ProducerName);
        ProtoWire.WriteString(output, ProducerVersionField, ProducerVersion);
        ProtoWire.WriteString(output, DocStringField, DocString);
        ProtoWire.WriteMessage(output, GraphField, Graph);
        ProtoWire.WriteMessages(output, OpsetImportField, OpsetImport);
        ProtoWire.WriteMessages(output, MetadataPropsField, MetadataProps);
    }
}
