using System.Text;

namespace MatchModels.Core.Registry;

/// <summary>
/// The IR version and operator sets an ONNX file declares, read straight from its protobuf bytes: ModelProto
/// field 1 is ir_version (varint) and field 8 is opset_import, each an OperatorSetIdProto with domain (1, string)
/// and version (2, varint). ONNX Runtime's metadata API does not expose them, and recording them is the point.
/// </summary>
public static class OnnxHeader
{
    public static (long IrVersion, IReadOnlyDictionary<string, long> Opsets) Read(ReadOnlySpan<byte> model)
    {
        long ir = 0;
        var opsets = new SortedDictionary<string, long>(StringComparer.Ordinal);
        int i = 0;
        while (i < model.Length)
        {
            ulong key = Varint(model, ref i);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            if (field == 1 && wire == 0)
            {
                ir = (long)Varint(model, ref i);
            }
            else if (field == 8 && wire == 2)
            {
                int length = Length(model, ref i);
                (string domain, long version) = OperatorSet(model.Slice(i, length));
                opsets[domain.Length == 0 ? "ai.onnx" : domain] = version;
                i += length;
            }
            else
            {
                Skip(model, ref i, wire);
            }
        }

        return (ir, opsets);
    }

    private static (string Domain, long Version) OperatorSet(ReadOnlySpan<byte> message)
    {
        string domain = "";
        long version = 0;
        int i = 0;
        while (i < message.Length)
        {
            ulong key = Varint(message, ref i);
            int field = (int)(key >> 3), wire = (int)(key & 7);
            if (field == 1 && wire == 2)
            {
                int length = Length(message, ref i);
                domain = Encoding.UTF8.GetString(message.Slice(i, length));
                i += length;
            }
            else if (field == 2 && wire == 0)
            {
                version = (long)Varint(message, ref i);
            }
            else
            {
                Skip(message, ref i, wire);
            }
        }

        return (domain, version);
    }

    private static int Length(ReadOnlySpan<byte> data, ref int i)
    {
        ulong length = Varint(data, ref i);
        if (length > (ulong)(data.Length - i))
        {
            throw new FormatException("not an ONNX model: a field runs past the end of the file");
        }

        return (int)length;
    }

    private static void Skip(ReadOnlySpan<byte> data, ref int i, int wire)
    {
        switch (wire)
        {
            case 0:
                Varint(data, ref i);
                break;
            case 1:
                i += 8;
                break;
            case 2:
                // Not "i += Length(data, ref i)": C# reads i before the call advances it past the length prefix.
                int length = Length(data, ref i);
                i += length;
                break;
            case 5:
                i += 4;
                break;
            default:
                throw new FormatException($"not an ONNX model: protobuf wire type {wire} at byte {i}");
        }

        if (i > data.Length)
        {
            throw new FormatException("not an ONNX model: a field runs past the end of the file");
        }
    }

    private static ulong Varint(ReadOnlySpan<byte> data, ref int i)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (i >= data.Length)
            {
                throw new FormatException("not an ONNX model: the file ends inside a number");
            }

            byte b = data[i++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw new FormatException("not an ONNX model: a number is longer than 10 bytes");
    }
}
