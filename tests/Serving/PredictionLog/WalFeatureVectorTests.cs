using System.Buffers;
using System.Text;
using System.Text.Json;
using MatchModels.Core.PredictionLog;
using MatchModels.Serving.PredictionLog;

namespace MatchModels.Serving.Tests.PredictionLog;

/// <summary>Feature vectors in write-ahead frames: base64 float32 bytes now, number arrays in format-1 segments.</summary>
public sealed class WalFeatureVectorTests
{
    private static readonly float[] s_awkward = [0f, -0f, 1.5f, float.Epsilon, float.MaxValue, 0.1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity];

    [Fact]
    public void A_vector_round_trips_bit_for_bit_as_base64()
    {
        var record = new PredictionRecord { RequestId = "r", Features = s_awkward };

        string json = JsonSerializer.Serialize(record, WalRecordJson.Default.PredictionRecord);
        PredictionRecord back = JsonSerializer.Deserialize(json, WalRecordJson.Default.PredictionRecord)!;

        // Hand-checked: 1.5f is 0x3FC00000, little-endian 00 00 C0 3F, the third float of the vector.
        string base64 = Convert.ToBase64String([.. s_awkward.SelectMany(BitConverter.GetBytes)]);
        Assert.Contains($"\"{base64}\"", json, StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0, 0, 0xC0, 0x3F }, Convert.FromBase64String(base64).AsSpan(8, 4).ToArray());
        Assert.Equal(s_awkward.Select(BitConverter.SingleToInt32Bits), back.Features.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void A_format_1_number_array_with_named_literals_still_reads()
    {
        const string json = """{"request_id":"r","features":[0.5,-2,"NaN","Infinity","-Infinity",1e-3]}""";

        PredictionRecord back = JsonSerializer.Deserialize(json, WalRecordJson.Default.PredictionRecord)!;

        Assert.Equal([0.5f, -2f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0.001f], back.Features);
    }

    [Theory]
    [InlineData("""{"features":"AAAA"}""", "3 bytes")]
    [InlineData("""{"features":{"a":1}}""", "StartObject")]
    [InlineData("""{"features":[true]}""", "True")]
    [InlineData("""{"features":["seven"]}""", "'seven'")]
    public void A_damaged_vector_is_a_json_error_naming_what_is_wrong(string json, string named)
    {
        JsonException e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize(json, WalRecordJson.Default.PredictionRecord));

        Assert.Contains(named, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_format_1_segment_still_reads_and_new_segments_are_format_2()
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write("MMWAL01\n"u8);
        WalFrames.Write(buffer, Encoding.UTF8.GetBytes("""{"request_id":"old","features":[1,2]}"""));

        WalFrames.Contents read = WalFrames.Read(buffer.WrittenSpan.ToArray());

        Assert.True(read.HeaderValid);
        Assert.Equal(0, read.TornBytes);
        Assert.Equal("old", JsonSerializer.Deserialize(read.Frames.Single().Span, WalRecordJson.Default.PredictionRecord)!.RequestId);
        Assert.Equal("MMWAL02\n"u8.ToArray(), WalFrames.Header.ToArray());
    }
}
