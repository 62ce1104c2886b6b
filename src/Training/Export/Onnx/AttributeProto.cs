using Google.Protobuf;

namespace MatchModels.Training.Export.Onnx;

/// <summary>
/// onnx.proto AttributeProto: a named operator parameter. Exactly one value field is set, the one named by
/// <see cref="Type"/>; the factories keep the two in step.
/// </summary>
public sealed record AttributeProto : IOnnxMessage
{
    private const int NameField = 1;
    private const int FloatField = 2;
    private const int IntField = 3;
    private const int StringField = 4;
    private const int TensorField = 5;
    private const int FloatsField = 7;
    private const int IntsField = 8;
    private const int StringsField = 9;
    private const int TypeField = 20;

    private AttributeProto(string name, AttributeType type)
    {
        Name = name;
        Type = type;
    }

    public string Name { get; }

    public AttributeType Type { get; }

    public float FloatValue { get; private init; }

    public long IntValue { get; private init; }

    public string StringValue { get; private init; } = "";

    public TensorProto? TensorValue { get; private init; }

    public IReadOnlyList<float> FloatValues { get; private init; } = [];

    public IReadOnlyList<long> IntValues { get; private init; } = [];

    public IReadOnlyList<string> StringValues { get; private init; } = [];

    public static AttributeProto Float(string name, float value) => new(name, AttributeType.Float) { FloatValue = value };

    public static AttributeProto Int(string name, long value) => new(name, AttributeType.Int) { IntValue = value };

    public static AttributeProto String(string name, string value) => new(name, AttributeType.String) { StringValue = value };

    public static AttributeProto Tensor(string name, TensorProto value) => new(name, AttributeType.Tensor) { TensorValue = value };

    public static AttributeProto Floats(string name, IReadOnlyList<float> values) => new(name, AttributeType.Floats) { FloatValues = values };

    public static AttributeProto Ints(string name, IReadOnlyList<long> values) => new(name, AttributeType.Ints) { IntValues = values };

    public static AttributeProto Strings(string name, IReadOnlyList<string> values) => new(name, AttributeType.Strings) { StringValues = values };

    public int CalculateSize()
    {
        int size = ProtoWire.StringSize(NameField, Name) + ProtoWire.Int32Size(TypeField, (int)Type);
        return size + Type switch
        {
            AttributeType.Float => ProtoWire.FloatSize(FloatField),
            AttributeType.Int => ProtoWire.Int64Size(IntField, IntValue),
            // A singular string is written even when empty: the type says the attribute is set.
            AttributeType.String => CodedOutputStream.ComputeTagSize(StringField) + CodedOutputStream.ComputeStringSize(StringValue),
            AttributeType.Tensor => ProtoWire.MessageSize(TensorField, TensorValue),
            AttributeType.Floats => ProtoWire.UnpackedFloatsSize(FloatsField, FloatValues),
            AttributeType.Ints => ProtoWire.UnpackedInt64sSize(IntsField, IntValues),
            AttributeType.Strings => ProtoWire.StringsSize(StringsField, StringValues),
            _ => 0,
        };
    }

    public void WriteTo(CodedOutputStream output)
    {
        ProtoWire.WriteString(output, NameField, Name);
        switch (Type)
        {
            case AttributeType.Float:
                ProtoWire.WriteFloat(output, FloatField, FloatValue);
                break;
            case AttributeType.Int:
                ProtoWire.WriteInt64(output, IntField, IntValue);
                break;
            case AttributeType.String:
                output.WriteTag(StringField, WireFormat.WireType.LengthDelimited);
                output.WriteString(StringValue);
                break;
            case AttributeType.Tensor:
                ProtoWire.WriteMessage(output, TensorField, TensorValue);
                break;
            case AttributeType.Floats:
                ProtoWire.WriteUnpackedFloats(output, FloatsField, FloatValues);
                break;
            case AttributeType.Ints:
                ProtoWire.WriteUnpackedInt64s(output, IntsField, IntValues);
                break;
            case AttributeType.Strings:
                ProtoWire.WriteStrings(output, StringsField, StringValues);
                break;
        }

        ProtoWire.WriteInt32(output, TypeField, (int)Type);
    }
}

/// <summary>onnx.proto AttributeProto.AttributeType: the cases <see cref="AttributeProto"/> writes, with their wire values.</summary>
public enum AttributeType
{
    Undefined = 0,
    Float = 1,
    Int = 2,
    String = 3,
    Tensor = 4,
    Floats = 6,
    Ints = 7,
    Strings = 8,
}
