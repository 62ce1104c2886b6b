using Google.Protobuf;

namespace MatchModels.Training.Export.Onnx;

/// <summary>onnx.proto GraphProto: nodes in topological order, constant initializers, and the typed inputs and outputs.</summary>
public sealed record GraphProto(string Name, IReadOnlyList<NodeProto> Nodes, IReadOnlyList<ValueInfoProto> Inputs, IReadOnlyList<ValueInfoProto> Outputs) : IOnnxMessage
{
    private const int NodeField = 1;
    private const int NameField = 2;
    private const int InitializerField = 5;
    private const int DocStringField = 10;
    private const int InputField = 11;
    private const int OutputField = 12;

    public IReadOnlyList<TensorProto> Initializers { get; init; } = [];

    public string DocString { get; init; } = "";

    public int CalculateSize() =>
        ProtoWire.MessagesSize(NodeField, Nodes)
        + ProtoWire.StringSize(NameField, Name)
        + ProtoWire.MessagesSize(InitializerField, Initializers)
        + ProtoWire.StringSize(DocStringField, DocString)
        + ProtoWire.MessagesSize(InputField, Inputs)
        + ProtoWire.MessagesSize(OutputField, Outputs);

    public void WriteTo(CodedOutputStream output)
    {
        ProtoWire.WriteMessages(output, NodeField, Nodes);
        ProtoWire.WriteString(output, NameField, Name);
        ProtoWire.WriteMessages(output, InitializerField, Initializers);
        ProtoWire.WriteString(output, DocStringField, DocString);
        ProtoWire.WriteMessages(output, InputField, Inputs);
        ProtoWire.WriteMessages(output, OutputField, Outputs);
    }
}
