using Google.Protobuf;

namespace MatchModels.Training.Export.Onnx;

/// <summary>
/// Field writers over <see cref="CodedOutputStream"/> for the shapes onnx.proto uses. onnx.proto is proto2: its
/// repeated scalars are unpacked (one tag per element) unless declared <c>[packed = true]</c>, which only
/// TensorProto's *_data fields are; the writers follow the declaration so the bytes match the reference encoding.
/// </summary>
public static class ProtoWire
{
    public static byte[] ToByteArray(this IOnnxMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var bytes = new byte[message.CalculateSize()];
        var output = new CodedOutputStream(bytes);
        message.WriteTo(output);
        output.CheckNoSpaceLeft();
        return bytes;
    }

    public static int StringSize(int field, string? value) =>
        string.IsNullOrEmpty(value) ? 0 : CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeStringSize(value);

    public static void WriteString(CodedOutputStream output, int field, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteString(value);
        }
    }

    public static int Int64Size(int field, long value) => CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeInt64Size(value);

    public static void WriteInt64(CodedOutputStream output, int field, long value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt64(value);
    }

    public static int Int32Size(int field, int value) => CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeInt32Size(value);

    public static void WriteInt32(CodedOutputStream output, int field, int value)
    {
        output.WriteTag(field, WireFormat.WireType.Varint);
        output.WriteInt32(value);
    }

    public static int FloatSize(int field) => CodedOutputStream.ComputeTagSize(field) + sizeof(float);

    public static void WriteFloat(CodedOutputStream output, int field, float value)
    {
        output.WriteTag(field, WireFormat.WireType.Fixed32);
        output.WriteFloat(value);
    }

    public static int MessageSize(int field, IOnnxMessage? message)
    {
        if (message is null)
        {
            return 0;
        }

        int size = message.CalculateSize();
        return CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeLengthSize(size) + size;
    }

    public static void WriteMessage(CodedOutputStream output, int field, IOnnxMessage? message)
    {
        if (message is not null)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteLength(message.CalculateSize());
            message.WriteTo(output);
        }
    }

    public static int MessagesSize<T>(int field, IReadOnlyList<T> messages)
        where T : IOnnxMessage
    {
        int size = 0;
        foreach (T message in messages)
        {
            size += MessageSize(field, message);
        }

        return size;
    }

    public static void WriteMessages<T>(CodedOutputStream output, int field, IReadOnlyList<T> messages)
        where T : IOnnxMessage
    {
        foreach (T message in messages)
        {
            WriteMessage(output, field, message);
        }
    }

    /// <summary>A repeated string, one tag per element; unlike a singular one, an empty element is still written.</summary>
    public static int StringsSize(int field, IReadOnlyList<string> values)
    {
        int size = 0;
        foreach (string value in values)
        {
            size += CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeStringSize(value);
        }

        return size;
    }

    public static void WriteStrings(CodedOutputStream output, int field, IReadOnlyList<string> values)
    {
        foreach (string value in values)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteString(value);
        }
    }

    public static int UnpackedInt64sSize(int field, IReadOnlyList<long> values)
    {
        int size = values.Count * CodedOutputStream.ComputeTagSize(field);
        foreach (long value in values)
        {
            size += CodedOutputStream.ComputeInt64Size(value);
        }

        return size;
    }

    public static void WriteUnpackedInt64s(CodedOutputStream output, int field, IReadOnlyList<long> values)
    {
        foreach (long value in values)
        {
            WriteInt64(output, field, value);
        }
    }

    public static int UnpackedFloatsSize(int field, IReadOnlyList<float> values) => values.Count * FloatSize(field);

    public static void WriteUnpackedFloats(CodedOutputStream output, int field, IReadOnlyList<float> values)
    {
        foreach (float value in values)
        {
            WriteFloat(output, field, value);
        }
    }

    public static int PackedInt64sSize(int field, IReadOnlyList<long> values)
    {
        if (values.Count == 0)
        {
            return 0;
        }

        int payload = PackedInt64sPayload(values);
        return CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeLengthSize(payload) + payload;
    }

    public static void WritePackedInt64s(CodedOutputStream output, int field, IReadOnlyList<long> values)
    {
        if (values.Count > 0)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteLength(PackedInt64sPayload(values));
            foreach (long value in values)
            {
                output.WriteInt64(value);
            }
        }
    }

    public static int PackedFloatsSize(int field, IReadOnlyList<float> values) => PackedFixedSize(field, values.Count, sizeof(float));

    public static void WritePackedFloats(CodedOutputStream output, int field, IReadOnlyList<float> values)
    {
        if (values.Count > 0)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteLength(values.Count * sizeof(float));
            foreach (float value in values)
            {
                output.WriteFloat(value);
            }
        }
    }

    public static int PackedDoublesSize(int field, IReadOnlyList<double> values) => PackedFixedSize(field, values.Count, sizeof(double));

    public static void WritePackedDoubles(CodedOutputStream output, int field, IReadOnlyList<double> values)
    {
        if (values.Count > 0)
        {
            output.WriteTag(field, WireFormat.WireType.LengthDelimited);
            output.WriteLength(values.Count * sizeof(double));
            foreach (double value in values)
            {
                output.WriteDouble(value);
            }
        }
    }

    private static int PackedInt64sPayload(IReadOnlyList<long> values)
    {
        int payload = 0;
        foreach (long value in values)
        {
            payload += CodedOutputStream.ComputeInt64Size(value);
        }

        return payload;
    }

    private static int PackedFixedSize(int field, int count, int width) =>
        count == 0 ? 0 : CodedOutputStream.ComputeTagSize(field) + CodedOutputStream.ComputeLengthSize(count * width) + (count * width);
}
