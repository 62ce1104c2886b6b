using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;

namespace MatchModels.Serving.PredictionLog;

/// <summary>
/// The byte layout of a write-ahead segment: an 8-byte header (<see cref="Header"/>), then one frame per record:
/// payload length (4 bytes, little-endian), CRC-32 of the payload (4 bytes, little-endian), payload. A crash in the
/// middle of a write leaves a last frame that is short or whose checksum does not match; <see cref="Read"/> stops at the
/// first such frame and reports the bytes from there on as torn. Those records were never acknowledged: a request is
/// answered only after the fsync that followed its frames' write.
/// </summary>
public static class WalFrames
{
    /// <summary>Length and checksum in front of each payload.</summary>
    public const int FrameOverhead = 8;

    /// <summary>Larger than any record (a feature vector of a few thousand floats is tens of KB), so a garbage length is caught before it is trusted.</summary>
    public const int MaxPayload = 16 << 20;

    /// <summary>
    /// "MMWAL", format 2 (feature vectors as base64, <see cref="WalFeatureVector"/>). Format 1 (vectors as number arrays)
    /// is read too; a file that starts with neither is not a segment this code can read.
    /// </summary>
    public static ReadOnlySpan<byte> Header => "MMWAL02\n"u8;

    private static ReadOnlySpan<byte> Format1Header => "MMWAL01\n"u8;

    /// <summary>Appends one frame holding <paramref name="payload"/> (1 to <see cref="MaxPayload"/> bytes).</summary>
    public static void Write(IBufferWriter<byte> to, ReadOnlySpan<byte> payload)
    {
        ArgumentNullException.ThrowIfNull(to);
        if (payload.Length is 0 or > MaxPayload)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, $"a frame holds 1 to {MaxPayload} bytes");
        }

        Span<byte> frame = to.GetSpan(FrameOverhead + payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(frame, payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame[4..], Crc32.HashToUInt32(payload));
        payload.CopyTo(frame[FrameOverhead..]);
        to.Advance(FrameOverhead + payload.Length);
    }

    /// <summary>
    /// The whole frames of a segment's bytes, in order, up to the first frame that is cut short, has a length out of
    /// range (zeros included: a length of 0 is never written) or fails its checksum. Bytes after the last whole frame
    /// are torn, unless they are all zeros: then they are unwritten space a crash left allocated ahead.
    /// </summary>
    public static Contents Read(ReadOnlyMemory<byte> segment)
    {
        ReadOnlySpan<byte> bytes = segment.Span;
        var frames = new List<ReadOnlyMemory<byte>>();
        if (bytes.Length < Header.Length || !(bytes[..Header.Length].SequenceEqual(Header) || bytes[..Header.Length].SequenceEqual(Format1Header)))
        {
            return new Contents(frames, HeaderValid: bytes.Length < Header.Length && Header.StartsWith(bytes), TornBytes: bytes.Length, UnwrittenBytes: 0);
        }

        int at = Header.Length;
        while (bytes.Length - at >= FrameOverhead)
        {
            int length = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            uint crc = BinaryPrimitives.ReadUInt32LittleEndian(bytes[(at + 4)..]);
            if (length is <= 0 or > MaxPayload || length > bytes.Length - at - FrameOverhead)
            {
                break;
            }

            ReadOnlyMemory<byte> payload = segment.Slice(at + FrameOverhead, length);
            if (Crc32.HashToUInt32(payload.Span) != crc)
            {
                break;
            }

            frames.Add(payload);
            at += FrameOverhead + length;
        }

        // Zeros to the end are space allocated ahead and never written (WalSegmentFile), not a write cut short.
        int rest = bytes.Length - at;
        bool unwritten = bytes[at..].IndexOfAnyExcept((byte)0) < 0;
        return new Contents(frames, HeaderValid: true, TornBytes: unwritten ? 0 : rest, UnwrittenBytes: unwritten ? rest : 0);
    }

    /// <summary>
    /// What <see cref="Read"/> found: the payloads of the whole frames, whether the header was right (a header cut short
    /// by a crash right after the segment was created counts as right), how many bytes after the last whole frame were
    /// dropped as a write cut short, and how many zeros after it were space allocated ahead and never written.
    /// </summary>
    public sealed record Contents(IReadOnlyList<ReadOnlyMemory<byte>> Frames, bool HeaderValid, long TornBytes, long UnwrittenBytes);
}
