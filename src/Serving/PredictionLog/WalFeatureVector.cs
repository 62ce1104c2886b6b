using System.Buffers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// A feature vector in a write-ahead frame: the base64 of its little-endian float32 bytes, exact and written without
/// formatting a decimal number per feature (which cost more than the rest of a record's encoding). Reads that, and a
/// JSON array of numbers (with "NaN", "Infinity" and "-Infinity" as strings), as format-1 segments hold.
/// </summary>
public sealed class WalFeatureVector : JsonConverter<float[]>
{
    public override void Write(Utf8JsonWriter writer, float[] value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        if (BitConverter.IsLittleEndian)
        {
            writer.WriteBase64StringValue(MemoryMarshal.AsBytes(value.AsSpan()));
            return;
        }

        byte[] bytes = ArrayPool<byte>.Shared.Rent(value.Length * sizeof(float));
        try
        {
            for (int i = 0; i < value.Length; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * sizeof(float)), value[i]);
            }

            writer.WriteBase64StringValue(bytes.AsSpan(0, value.Length * sizeof(float)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    public override float[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            byte[] bytes = reader.GetBytesFromBase64();
            if (bytes.Length % sizeof(float) != 0)
            {
                throw new JsonException($"a feature vector of {bytes.Length} bytes is not a whole number of float32 values");
            }

            var floats = new float[bytes.Length / sizeof(float)];
            for (int i = 0; i < floats.Length; i++)
            {
                floats[i] = System.Buffers.Binary.BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(i * sizeof(float)));
            }

            return floats;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"a feature vector is base64 or an array of numbers, not {reader.TokenType}");
        }

        var values = new List<float>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.TokenType switch
            {
                JsonTokenType.Number => reader.GetSingle(),
                JsonTokenType.String => reader.GetString() switch
                {
                    "NaN" => float.NaN,
                    "Infinity" => float.PositiveInfinity,
                    "-Infinity" => float.NegativeInfinity,
                    string s => throw new JsonException($"'{s}' is not a feature value"),
                    null => throw new JsonException("a feature value is null"),
                },
                _ => throw new JsonException($"a feature value is a number, not {reader.TokenType}"),
            });
        }

        return [.. values];
    }
}
