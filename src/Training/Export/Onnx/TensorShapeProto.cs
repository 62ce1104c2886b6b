using Google.Protobuf;

namespace MatchModels.Training.Export.Onnx;

/// <summary>onnx.proto TensorShapeProto: one <see cref="TensorShapeDimension"/> per axis.</summary>
public sealed record TensorShapeProto(IReadOnlyList<TensorShapeDimension> Dims) : IOnnxMessage
{
    private const int DimField = 1;

    public int CalculateSize() => ProtoWire.MessagesSize(DimField, Dims);

    public void WriteTo(CodedOutputStream output) => ProtoWire.WriteMessages(output, DimField, Dims);
}

/// <summary>
/// onnx.proto TensorShapeProto.Dimension: a fixed size (dim_value) or a name for a size known only at run time
/// (dim_param), such as the batch size N.
/// </summary>
public sealed record TensorShapeDimension : IOnnxMessage
{
    private const int ValueField = 1;
    private const int ParamField = 2;

    private TensorShapeDimension(long? value, string? param)
    {
        Value = value;
        Param = param;
    }

    public long? Value { get; }

    public string? Param { get; }

    public static TensorShapeDimension Fixed(long value) => new(value, null);

    public static TensorShapeDimension Symbolic(string name) => new(null, name);

    public int CalculateSize() => (Value is { } v ? ProtoWire.Int64Size(ValueField, v) : 0) + ProtoWire.StringSize(ParamField, Param);

    public void WriteTo(CodedOutputStream output)
    {
        if (Value is { } v)
        {
            ProtoWire.WriteInt64(output, ValueField, v);
        }

        ProtoWire.WriteString(output, ParamField, Param);
    }
}
