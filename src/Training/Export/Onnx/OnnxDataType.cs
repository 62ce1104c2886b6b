namespace MatchModels.Training.Export.Onnx;

/// <summary>onnx.proto TensorProto.DataType: the element types a scoring graph uses, with their wire values.</summary>
public enum OnnxDataType
{
    Undefined = 0,
    Float = 1,
    Int32 = 6,
    Int64 = 7,
    Bool = 9,
    Double = 11,
}
