using Google.Protobuf;

namespace MatchModels.Training.Export.Onnx;

/// <summary>onnx.proto TypeProto, tensor case only (field 1, tensor_type): every value a scoring graph passes is a tensor.</summary>
public sealed record TypeProto(TensorTypeProto TensorType) : IOnnxMessage
{
    private const int TensorTypeField = 1;

    public static TypeProto Tensor(OnnxDataType elementType, params TensorShapeDimension[] dims) =>
        new(new TensorTypeProto(elementType, new TensorShapeProto(dims)));

    public int CalculateSize() => ProtoWire.MessageSize(TensorTypeField, TensorType);

    public void WriteTo(CodedOutputStream output) => ProtoWire.WriteMessage(output, TensorTypeField, TensorType);
}

/// <summary>onnx.proto TypeProto.Tensor: element type and, when known, shape.</summary>
public sealed record TensorTypeProto(OnnxDataType ElementType, TensorShapeProto? Shape) : IOnnxMessage
{
    private const int ElementTypeField = 1;
    private const int ShapeField = 2;

    public int CalculateSize() => ProtoWire.Int32Size(ElementTypeField, (int)ElementType) + ProtoWire.MessageSize(ShapeField, Shape);

    public void WriteTo(CodedOutputStream output)
    {
        ProtoWire.WriteInt32(output, ElementTypeField, (int)ElementType);
        ProtoWire.WriteMessage(output, ShapeField, Shape);
    }
}
