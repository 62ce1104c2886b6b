using Google.Protobuf;

namespace MatchModels.Training.Export.Onnx;

/// <summary>
/// onnx.proto TensorProto: a named constant (an initializer or a tensor attribute), its values row-major in the
/// typed field that matches <see cref="DataType"/> (float_data, int64_data or double_data; all packed).
/// </summary>
public sealed record TensorProto(string Name, OnnxDataType DataType, IReadOnlyList<long> Dims) : IOnnxMessage
{
    private const int DimsField = 1;
    private const int DataTypeField = 2;
    private const int FloatDataField = 4;
    private const int Int64DataField = 7;
    private const int NameField = 8;
    private const int DoubleDataField = 10;

    public IReadOnlyList<float> FloatData { get; init; } = [];

    public IReadOnlyList<long> Int64Data { get; init; } = [];

    public IReadOnlyList<double> DoubleData { get; init; } = [];

    public static TensorProto Floats(string name, long[] dims, IReadOnlyList<float> values) =>
        new(name, OnnxDataType.Float, Checked(dims, values.Count)) { FloatData = values };

    public static TensorProto Doubles(string name, long[] dims, IReadOnlyList<double> values) =>
        new(name, OnnxDataType.Double, Checked(dims, values.Count)) { DoubleData = values };

    public static TensorProto Int64s(string name, long[] dims, IReadOnlyList<long> values) =>
        new(name, OnnxDataType.Int64, Checked(dims, values.Count)) { Int64Data = values };

    public int CalculateSize() =>
        ProtoWire.UnpackedInt64sSize(DimsField, Dims)
        + ProtoWire.Int32Size(DataTypeField, (int)DataType)
        + ProtoWire.PackedFloatsSize(FloatDataField, FloatData)
        + ProtoWire.PackedInt64sSize(Int64DataField, Int64Data)
        + ProtoWire.StringSize(NameField, Name)
        + ProtoWire.PackedDoublesSize(DoubleDataField, DoubleData);

    public void WriteTo(CodedOutputStream output)
    {
        ProtoWire.WriteUnpackedInt64s(output, DimsField, Dims);
        ProtoWire.WriteInt32(output, DataTypeField, (int)DataType);
        ProtoWire.WritePackedFloats(output, FloatDataField, FloatData);
        ProtoWire.WritePackedInt64s(output, Int64DataField, Int64Data);
        ProtoWire.WriteString(output, NameField, Name);
        ProtoWire.WritePackedDoubles(output, DoubleDataField, DoubleData);
    }

    private static long[] Checked(long[] dims, int count)
    {
        long expected = 1;
        foreach (long d in dims)
        {
            expected *= d;
        }

        return expected == count
            ? dims
            : throw new ArgumentException($"a tensor of shape [{string.Join(", ", dims)}] holds {expected} values, not {count}");
    }
}
