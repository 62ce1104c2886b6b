using MatchModels.Core.Tables;

namespace MatchModels.Core.Tests.Tables;

/// <summary>Hand-built Thrift compact structs: each byte below is a field header, a varint or a length.</summary>
public sealed class ParquetFooterCheckTests
{
    [Fact]
    public void The_footer_of_a_real_file_is_sound()
    {
        using FileStream stream = File.OpenRead(Path.Combine(RepoPaths.Sample, "participants.parquet"));

        Assert.Null(ParquetFooterCheck.Problem(stream));
        Assert.Equal(0, stream.Position);
    }

    [Fact]
    public void A_struct_of_an_i32_a_string_and_a_list_of_two_i64_is_sound()
    {
        // field 1 i32 = 3 (zigzag 6); field 2 binary "ab"; field 3 list<i64> of 2: 1, 2; stop.
        byte[] metadata = [0x15, 0x06, 0x18, 0x02, (byte)'a', (byte)'b', 0x19, 0x26, 0x02, 0x04, 0x00];

        Assert.Null(ParquetFooterCheck.Problem(metadata));
    }

    [Fact]
    public void A_list_claiming_more_elements_than_bytes_remain_is_damage()
    {
        // field 1 list<struct>, size 15 → varint follows: 0xFFFFFFFF07 = 2^31 - 1 elements.
        byte[] metadata = [0x19, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x00];

        Assert.StartsWith("the footer's metadata is damaged near byte", ParquetFooterCheck.Problem(metadata), StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_longer_than_the_footer_is_damage()
    {
        byte[] metadata = [0x18, 0x7F, (byte)'a', 0x00];

        Assert.NotNull(ParquetFooterCheck.Problem(metadata));
    }

    [Fact]
    public void Structs_nested_deeper_than_any_Parquet_metadata_are_damage()
    {
        // 40 nested struct fields (field 1, type 12), then their 40 stops and the outer stop.
        byte[] metadata = [.. Enumerable.Repeat((byte)0x1C, 40), .. Enumerable.Repeat((byte)0x00, 41)];
        byte[] shallow = [.. Enumerable.Repeat((byte)0x1C, 5), .. Enumerable.Repeat((byte)0x00, 6)];

        Assert.NotNull(ParquetFooterCheck.Problem(metadata));
        Assert.Null(ParquetFooterCheck.Problem(shallow));
    }

    [Fact]
    public void Bytes_after_the_struct_ends_are_damage()
    {
        byte[] metadata = [0x15, 0x06, 0x00, 0x15];

        Assert.Equal("the footer's metadata ends at byte 3 of 4", ParquetFooterCheck.Problem(metadata));
    }

    [Fact]
    public void A_footer_length_past_the_file_is_named()
    {
        using var stream = new MemoryStream([.. "PAR1"u8, 0, 0, 0, 0, .. BitConverter.GetBytes(1_000), .. "PAR1"u8]);

        Assert.Equal("the footer length 1000 does not fit in a file of 16 bytes", ParquetFooterCheck.Problem(stream));
    }
}
