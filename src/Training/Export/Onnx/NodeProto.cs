using Google.Protobuf;

namespace MatchModels.Training.Export.Onnx;

/// <summary>onnx.proto NodeProto: one operator call, reading and writing values by name.</summary>
public sealed record NodeProto(string OpType, IReadOnlyList<string> Inputs, IReadOnlyList<string> Outputs) : IOnnxMessage
{
    private const int InputField = 1;
    private const int OutputField = 2;
    private const int NameField = 3;
    private const int OpTypeField = 4;
    private const int AttributeField = 5;
    private const int DomainField = 7;

    public string Name { get; init; } = "";

    /// <summary>The operator set the op comes from; empty for the default "ai.onnx" set.</summary>
    public string Domain { get; init; } = "";

    public IReadOnlyList<AttributeProto> Attributes { get; init; } = [];

    public int CalculateSize() =>
        ProtoWire.StringsSize(InputField, Inputs)
        + ProtoWire.StringsSize(OutputField, Outputs)
        + ProtoWire.StringSize(NameField, Name)
        + ProtoWire.StringSize(OpTypeField, OpType)
        + ProtoWire.MessagesSize(AttributeField, Attributes)
        + ProtoWire.StringSize(DomainField, Domain);

    public void WriteTo(CodedOutputStream output)
    {
        ProtoWire.WriteStrings(output, InputField, Inputs);
        ProtoWire.WriteStrings(output, OutputField, Outputs);
        ProtoWire.WriteString(output, NameField, Name);
        ProtoWire.WriteString(output, OpTypeField, OpType);
        ProtoWire.WriteMessages(output, AttributeField, Attributes);
        ProtoWire.WriteString(output, DomainField, Domain);
    }
}
