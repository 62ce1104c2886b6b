using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using MatchModels.Serving.PredictionLog;

namespace MatchModels.Serving.Tests.PredictionLog;

/// <summary>The write-ahead frame format, with every way a crash or a bad disk can damage a segment.</summary>
public sealed class WalFramesTests
{
    private static readonly string[] s_payloads = ["{\"a\":1}", "{\"b\":\"two\"}", "{\"c\":[3,3,3]}"];

    private static byte[] Segment(params string[] payloads)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write(WalFrames.Header);
        foreach (string p in payloads)
        {
            WalFrames.Write(buffer, Encoding.UTF8.GetBytes(p));
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string[] Payloads(WalFrames.Contents c) => [.. c.Frames.Select(f => Encoding.UTF8.GetString(f.Span))];

    [Fact]
    public void Whole_frames_read_back_in_order_with_nothing_torn()
    {
        byte[] segment = Segment(s_payloads);

        WalFrames.Contents read = WalFrames.Read(segment);

        Assert.Equal(s_payloads, Payloads(read));
        Assert.True(read.HeaderValid);
        Assert.Equal(0, read.TornBytes);
        // Hand-checked layout: header, then length 7 (little-endian), CRC-32 of {"a":1}, the payload.
        Assert.Equal(8 + (8 + 7) + (8 + 11) + (8 + 13), segment.Length);
        Assert.Equal(7, BinaryPrimitives.ReadInt32LittleEndian(segment.AsSpan(8)));
        Assert.Equal(System.IO.Hashing.Crc32.HashToUInt32("{\"a\":1}"u8), BinaryPrimitives.ReadUInt32LittleEndian(segment.AsSpan(12)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(12)]
    public void A_last_frame_cut_short_by_a_crash_is_dropped_and_counted(int cut)
    {
        byte[] segment = Segment(s_payloads);
        byte[] torn = segment[..^cut];

        WalFrames.Contents read = WalFrames.Read(torn);

        Assert.Equal(s_payloads[..2], Payloads(read));
        Assert.Equal(8 + 13 - cut, read.TornBytes);
    }

    [Fact]
    public void A_last_frame_whose_checksum_does_not_match_is_dropped()
    {
        byte[] segment = Segment(s_payloads);
        segment[^2] ^= 0x20;

        WalFrames.Contents read = WalFrames.Read(segment);

        Assert.Equal(s_payloads[..2], Payloads(read));
        Assert.Equal(8 + 13, read.TornBytes);
    }

    [Fact]
    public void Zeros_after_the_last_frame_read_as_unwritten_not_as_empty_records_nor_as_torn()
    {
        // What a crash leaves of a segment allocated ahead, and what a file system may show after a power cut.
        byte[] segment = [.. Segment(s_payloads), .. new byte[64]];

        WalFrames.Contents read = WalFrames.Read(segment);

        Assert.Equal(s_payloads, Payloads(read));
        Assert.Equal(0, read.TornBytes);
        Assert.Equal(64, read.UnwrittenBytes);
    }

    [Fact]
    public void A_cut_frame_before_zeros_is_torn_with_the_zeros()
    {
        byte[] whole = Segment(s_payloads);
        byte[] segment = [.. whole[..^5], .. new byte[64]];

        WalFrames.Contents read = WalFrames.Read(segment);

        Assert.Equal(s_payloads[..2], Payloads(read));
        Assert.Equal(8 + 13 - 5 + 64, read.TornBytes);
        Assert.Equal(0, read.UnwrittenBytes);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(WalFrames.MaxPayload + 1)]
    [InlineData(1_000)]
    public void A_length_out_of_range_or_past_the_end_stops_the_read(int length)
    {
        byte[] segment = Segment(s_payloads[0]);
        byte[] bad = [.. segment, .. new byte[8], .. "{}"u8];
        BinaryPrimitives.WriteInt32LittleEndian(bad.AsSpan(segment.Length), length);

        WalFrames.Contents read = WalFrames.Read(bad);

        Assert.Equal(s_payloads[..1], Payloads(read));
        Assert.Equal(10, read.TornBytes);
    }

    [Fact]
    public void A_segment_cut_inside_its_header_is_an_empty_segment()
    {
        WalFrames.Contents read = WalFrames.Read(WalFrames.Header[..3].ToArray());

        Assert.Empty(read.Frames);
        Assert.True(read.HeaderValid);
        Assert.Equal(3, read.TornBytes);
        Assert.True(WalFrames.Read(Array.Empty<byte>()).HeaderValid);
    }

    [Fact]
    public void A_file_without_the_header_is_not_a_segment()
    {
        byte[] segment = Segment(s_payloads);
        segment[0] = (byte)'X';

        WalFrames.Contents read = WalFrames.Read(segment);

        Assert.False(read.HeaderValid);
        Assert.Empty(read.Frames);
        Assert.False(WalFrames.Read("MMWAL99\nrest"u8.ToArray()).HeaderValid);
    }

    [Fact]
    public void An_empty_payload_is_refused_at_write()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WalFrames.Write(new ArrayBufferWriter<byte>(), []));
    }
}
