using System.Buffers;
using System.Text;
using MatchModels.Serving.PredictionLog;

namespace MatchModels.Serving.Tests.PredictionLog;

/// <summary>A segment allocated ahead: frames read back whole, the zeros after them read as unwritten, and a closed segment ends with its last frame.</summary>
public sealed class WalSegmentFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wal-segment-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static byte[] Frames(params string[] payloads)
    {
        var buffer = new ArrayBufferWriter<byte>();
        foreach (string p in payloads)
        {
            WalFrames.Write(buffer, Encoding.UTF8.GetBytes(p));
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string[] Read(string path) => [.. WalFrames.Read(File.ReadAllBytes(path)).Frames.Select(f => Encoding.UTF8.GetString(f.Span))];

    [Fact]
    public void An_open_segment_is_allocated_ahead_and_a_crash_leaves_whole_frames_then_zeros_that_are_not_torn()
    {
        string path = Path.Combine(_folder, "a.wal");
        long segmentBytes;
        using (WalSegmentFile segment = WalSegmentFile.Create(path))
        {
            segment.Append(Frames("{\"a\":1}", "{\"b\":2}"));
            segment.Append(Frames("{\"c\":3}"));

            segmentBytes = segment.Length;
            Assert.Equal(WalFrames.Header.Length + (3 * (8 + 7)), segmentBytes);
            Assert.True(new FileInfo(path).Length >= WalFrames.Header.Length + WalSegmentFile.AllocateAhead);

            // Disposed without Close: what a killed process leaves.
        }

        WalFrames.Contents contents = WalFrames.Read(File.ReadAllBytes(path));
        Assert.Equal(["{\"a\":1}", "{\"b\":2}", "{\"c\":3}"], Read(path));
        Assert.Equal(0, contents.TornBytes);
        Assert.True(contents.UnwrittenBytes >= WalSegmentFile.AllocateAhead - segmentBytes);
    }

    [Fact]
    public void Frames_past_the_allocated_zeros_extend_the_file_and_a_closed_segment_ends_with_its_last_frame()
    {
        string path = Path.Combine(_folder, "b.wal");
        string big = "{\"x\":\"" + new string('x', WalSegmentFile.AllocateAhead + 100) + "\"}";
        WalSegmentFile segment = WalSegmentFile.Create(path);
        segment.Append(Frames("{\"a\":1}"));
        segment.Append(Frames(big));
        segment.Append(Frames("{\"z\":26}"));
        long length = segment.Length;
        segment.Close();

        Assert.Equal(length, new FileInfo(path).Length);
        Assert.Equal(["{\"a\":1}", big, "{\"z\":26}"], Read(path));
    }

    [Fact]
    public void A_truncated_segment_loses_the_frames_after_the_cut_and_takes_new_ones_there()
    {
        string path = Path.Combine(_folder, "c.wal");
        WalSegmentFile segment = WalSegmentFile.Create(path);
        segment.Append(Frames("{\"a\":1}"));
        long cut = segment.Length;
        segment.Append(Frames("{\"refused\":true}"));
        segment.TruncateTo(cut);
        segment.Append(Frames("{\"b\":2}"));
        segment.Close();

        Assert.Equal(["{\"a\":1}", "{\"b\":2}"], Read(path));
    }

    [Fact]
    public void Creating_a_segment_that_exists_fails_and_leaves_it_as_it_was()
    {
        string path = Path.Combine(_folder, "d.wal");
        File.WriteAllText(path, "someone else's");

        Assert.Throws<IOException>(() => WalSegmentFile.Create(path));
        Assert.Equal("someone else's", File.ReadAllText(path));
    }
}
