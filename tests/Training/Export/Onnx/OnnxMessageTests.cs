using MatchModels.Training.Export.Onnx;

namespace MatchModels.Training.Tests.Export.Onnx;

/// <summary>Wire bytes worked out by hand from the protobuf encoding rules and onnx.proto's field numbers.</summary>
public sealed class OnnxMessageTests
{
    [Fact]
    public void Operator_set_is_domain_then_version()
    {
        // Field 1 (domain), length-delimited: tag 1<<3|2 = 0x0A, length 10. Field 2 (version), varint: tag 0x10, value 3.
        byte[] expected = [0x0A, 0x0A, .. "ai.onnx.ml"u8, 0x10, 0x03];

        Assert.Equal(expected, new OperatorSetIdProto("ai.onnx.ml", 3).ToByteArray());
    }

    [Fact]
    public void Attribute_ints_are_unpacked_with_the_type_last()
    {
        // name (1): 0x0A 0x04 "axes"; ints (8) unpacked, one varint tag 8<<3 = 0x40 per element, -1 as a
        // ten-byte two's-complement varint; type (20): tag 20<<3 = 160 = varint 0xA0 0x01, INTS = 7.
        byte[] expected =
        [
            0x0A, 0x04, .. "axes"u8,
            0x40, 0x01,
            0x40, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01,
            0xA0, 0x01, 0x07,
        ];

        Assert.Equal(expected, AttributeProto.Ints("axes", [1, -1]).ToByteArray());
    }

    [Fact]
    public void Float_tensor_packs_its_data_little_endian()
    {
        // dims (1): 0x08 0x02; data_type (2): 0x10 FLOAT = 1; float_data (4) packed: 0x22, 8 bytes,
        // 1.0f = 0x3F800000 and -2.0f = 0xC0000000 little-endian; name (8): 0x42 0x01 "w".
        byte[] expected = [0x08, 0x02, 0x10, 0x01, 0x22, 0x08, 0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0, 0x42, 0x01, (byte)'w'];

        Assert.Equal(expected, TensorProto.Floats("w", [2], [1f, -2f]).ToByteArray());
    }

    [Fact]
    public void Dimension_is_a_value_or_a_name()
    {
        Assert.Equal([0x08, 0x08], TensorShapeDimension.Fixed(8).ToByteArray());
        Assert.Equal([0x12, 0x01, (byte)'N'], TensorShapeDimension.Symbolic("N").ToByteArray());
    }

    [Fact]
    public void Refuses_a_tensor_whose_values_do_not_fill_its_shape()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorProto.Floats("w", [2, 2], [1f, 2f, 3f]));

        Assert.Contains("shape [2, 2] holds 4 values, not 3", e.Message, StringComparison.Ordinal);
    }
}
