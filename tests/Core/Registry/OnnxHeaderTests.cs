using MatchModels.Core.Registry;

namespace MatchModels.Core.Tests.Registry;

public sealed class OnnxHeaderTests
{
    [Fact]
    public void Reads_ir_version_and_opsets_from_hand_written_bytes()
    {
        // ir_version = 8 (field 1, varint: 0x08 0x08); producer_name "x" (field 2, skipped: 0x12 0x01 'x');
        // opset_import { version 17 } (field 8: 0x42 len 2, field 2 varint 0x10 0x11);
        // opset_import { domain "ai.onnx.ml", version 3 } (0x42 len 14: 0x0A 0x0A "ai.onnx.ml", 0x10 0x03).
        byte[] bytes = [0x08, 0x08, 0x12, 0x01, (byte)'x', 0x42, 0x02, 0x10, 0x11, 0x42, 0x0E, 0x0A, 0x0A, .. "ai.onnx.ml"u8, 0x10, 0x03];

        (long ir, IReadOnlyDictionary<string, long> opsets) = OnnxHeader.Read(bytes);

        Assert.Equal(["ai.onnx", "ai.onnx.ml"], opsets.Keys);
        Assert.Equal(8, ir);
        Assert.Equal(17, opsets["ai.onnx"]);
        Assert.Equal(3, opsets["ai.onnx.ml"]);
    }

    [Fact]
    public void Truncated_bytes_are_not_a_model()
    {
        Assert.Throws<FormatException>(() => OnnxHeader.Read([0x08, 0x88]));
        Assert.Throws<FormatException>(() => OnnxHeader.Read([0x42, 0x20, 0x10]));
    }
}
