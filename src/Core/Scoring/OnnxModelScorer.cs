using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MatchModels.Core.Scoring;

/// <summary>
/// Scores feature rows with an ONNX scoring model in ONNX Runtime. Loading checks the scoring contract
/// (<see cref="OnnxScoringContract"/>): one float input [N, F] and a float output <c>probability</c> [N] (or
/// [N, 1]), and refuses anything else naming what it expected and what it found.
/// </summary>
/// <remarks>
/// <see cref="Score(ReadOnlySpan{float}, int, Span{float})"/> hands ONNX Runtime the caller's memory directly
/// (pinned for the call, no copy) and asks only for the probability output. One row, the scoring API's commonest call,
/// goes instead through buffers and an I/O binding each thread keeps for this model: the row is copied into them, so
/// no tensor is created and released per call. It can be called from several threads at once: the session's Run is
/// thread-safe and each call uses its own buffers.
/// </remarks>
public sealed class OnnxModelScorer : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames = [OnnxScoringContract.ProbabilityOutput];
    private readonly bool _probabilityIsColumn;
    private readonly long[] _oneRowInput;
    private readonly long[] _oneRowOutput;
    private readonly ThreadLocal<OneRow> _oneRow;

    private OnnxModelScorer(InferenceSession session, OnnxModelSignature signature)
    {
        _session = session;
        Signature = signature;
        _inputNames = [Signature.Input.Name];
        _probabilityIsColumn = Signature.Probability.Dimensions.Count == 2;
        _oneRowInput = [1, Signature.FeatureCount];
        _oneRowOutput = _probabilityIsColumn ? [1, 1] : [1];
        _oneRow = new ThreadLocal<OneRow>(() => new OneRow(_session, _inputNames[0], _oneRowInput, _oneRowOutput), trackAllValues: true);
    }

    public OnnxModelSignature Signature { get; }

    public int FeatureCount => Signature.FeatureCount;

    /// <summary>Loads a model from its bytes; <paramref name="expectedFeatureCount"/>, when given, is the number of input columns required.</summary>
    public static OnnxModelScorer Load(byte[] model, OnnxScorerOptions? options = null, int? expectedFeatureCount = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Open(o => new InferenceSession(model, o), "the given bytes", options, expectedFeatureCount);
    }

    /// <summary>Loads a model from a file; <paramref name="expectedFeatureCount"/>, when given, is the number of input columns required.</summary>
    public static OnnxModelScorer Load(string path, OnnxScorerOptions? options = null, int? expectedFeatureCount = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Open(o => new InferenceSession(path, o), path, options, expectedFeatureCount);
    }

    /// <summary>Probabilities for <paramref name="rows"/> rows of <see cref="FeatureCount"/> features each, row-major.</summary>
    public float[] Score(ReadOnlySpan<float> rowMajor, int rows)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        var probabilities = new float[rows];
        Score(rowMajor, rows, probabilities);
        return probabilities;
    }

    /// <summary>Writes the probability of each of <paramref name="rows"/> rows into the start of <paramref name="probabilities"/>.</summary>
    public unsafe void Score(ReadOnlySpan<float> rowMajor, int rows, Span<float> probabilities)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        int width = FeatureCount;
        if (rowMajor.Length != (long)rows * width)
        {
            throw new ArgumentException(
                $"expected {rows} row(s) of {width} features ({(long)rows * width} values), got {rowMajor.Length} values", nameof(rowMajor));
        }

        if (probabilities.Length < rows)
        {
            throw new ArgumentException($"room for {probabilities.Length} probabilities, {rows} rows to score", nameof(probabilities));
        }

        // Zero rows need no run, and an empty span has no address to hand ONNX Runtime.
        if (rows == 0)
        {
            return;
        }

        if (rows == 1)
        {
            probabilities[0] = _oneRow.Value!.Score(_session, _runOptions, rowMajor);
            return;
        }

        long[] inputShape = [rows, width];
        long[] outputShape = _probabilityIsColumn ? [rows, 1] : [rows];
        fixed (float* input = rowMajor)
        fixed (float* output = probabilities)
        {
            using OrtValue inputValue = OrtValue.CreateTensorValueWithData(
                OrtMemoryInfo.DefaultInstance, TensorElementType.Float, inputShape, (IntPtr)input, (long)rowMajor.Length * sizeof(float));
            using OrtValue outputValue = OrtValue.CreateTensorValueWithData(
                OrtMemoryInfo.DefaultInstance, TensorElementType.Float, outputShape, (IntPtr)output, (long)rows * sizeof(float));
            _session.Run(_runOptions, _inputNames, [inputValue], _outputNames, [outputValue]);
        }
    }

    public void Dispose()
    {
        foreach (OneRow row in _oneRow.Values)
        {
            row.Dispose();
        }

        _oneRow.Dispose();
        _session.Dispose();
        _runOptions.Dispose();
    }

    /// <summary>One thread's pinned one-row input and output and the I/O binding that names them, made once.</summary>
    private sealed class OneRow : IDisposable
    {
        private readonly float[] _input;
        private readonly float[] _output;
        private readonly OrtValue _inputValue;
        private readonly OrtValue _outputValue;
        private readonly OrtIoBinding _binding;

        public OneRow(InferenceSession session, string inputName, long[] inputShape, long[] outputShape)
        {
            _input = GC.AllocateArray<float>((int)inputShape[1], pinned: true);
            _output = GC.AllocateArray<float>(1, pinned: true);
            _inputValue = OrtValue.CreateTensorValueFromMemory(_input, inputShape);
            _outputValue = OrtValue.CreateTensorValueFromMemory(_output, outputShape);
            _binding = session.CreateIoBinding();
            _binding.BindInput(inputName, _inputValue);
            _binding.BindOutput(OnnxScoringContract.ProbabilityOutput, _outputValue);
        }

        public float Score(InferenceSession session, RunOptions options, ReadOnlySpan<float> row)
        {
            row.CopyTo(_input);
            session.RunWithBinding(options, _binding);
            return _output[0];
        }

        public void Dispose()
        {
            _binding.Dispose();
            _inputValue.Dispose();
            _outputValue.Dispose();
        }
    }

    private static OnnxModelScorer Open(Func<SessionOptions, InferenceSession> create, string source, OnnxScorerOptions? options, int? expectedFeatureCount)
    {
        options ??= new OnnxScorerOptions();
        InferenceSession session;
        using (var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpNumThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = options.OptimiseGraph ? GraphOptimizationLevel.ORT_ENABLE_ALL : GraphOptimizationLevel.ORT_DISABLE_ALL,
        })
        {
            try
            {
                session = create(sessionOptions);
            }
            catch (OnnxRuntimeException e)
            {
                throw new InvalidOnnxModelException($"ONNX Runtime cannot load {source}: {e.Message}", e);
            }
        }

        try
        {
            return new OnnxModelScorer(session, ReadSignature(session, expectedFeatureCount));
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static OnnxModelSignature ReadSignature(InferenceSession session, int? expectedFeatureCount)
    {
        var inputs = session.InputMetadata.Select(kv => Value(kv.Key, kv.Value)).ToList();
        var outputs = session.OutputMetadata.Select(kv => Value(kv.Key, kv.Value)).ToList();
        var metadata = new SortedDictionary<string, string>(session.ModelMetadata.CustomMetadataMap, StringComparer.Ordinal);
        var problems = new List<string>();
        string expectedWidth = expectedFeatureCount?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "F";

        OnnxValueSignature? input = inputs.Count == 1 ? inputs[0] : null;
        if (input is null)
        {
            problems.Add($"expected exactly one input float[N, {expectedWidth}], found {inputs.Count}: {List(inputs)}");
        }
        else if (!input.IsTensor || input.ElementType != TensorElementType.Float || input.Dimensions.Count != 2)
        {
            problems.Add($"expected the input to be float[N, {expectedWidth}] (a row per example, a column per feature), found {input.Describe()}");
        }
        else
        {
            if (input.Dimensions[0] >= 0)
            {
                problems.Add($"expected the input's first dimension to be symbolic (N) so that any number of rows can be scored, found {input.Describe()}");
            }

            if (input.Dimensions[1] <= 0)
            {
                problems.Add($"expected the input's second dimension to be a fixed feature count, found {input.Describe()}");
            }
            else if (expectedFeatureCount is { } f && input.Dimensions[1] != f)
            {
                problems.Add($"expected input float[N, {f}] ({f} features), found {input.Describe()} ({input.Dimensions[1]} features)");
            }
        }

        OnnxValueSignature? probability = outputs.FirstOrDefault(o => o.Name == OnnxScoringContract.ProbabilityOutput);
        if (probability is null)
        {
            problems.Add($"expected a float output '{OnnxScoringContract.ProbabilityOutput}' [N], found outputs {List(outputs)}");
        }
        else if (!probability.IsTensor
            || probability.ElementType != TensorElementType.Float
            || !(probability.Dimensions.Count == 1 || (probability.Dimensions.Count == 2 && probability.Dimensions[1] == 1)))
        {
            problems.Add($"expected output '{OnnxScoringContract.ProbabilityOutput}' to be float[N] (one probability per row), found {probability.Describe()}");
        }

        IReadOnlyList<string>? names = null;
        if (metadata.TryGetValue(OnnxScoringContract.FeatureNamesKey, out string? json))
        {
            names = FeatureNames(json);
            if (names is null)
            {
                problems.Add($"metadata '{OnnxScoringContract.FeatureNamesKey}' is not a JSON array of strings: {json}");
            }
            else if (input is { Dimensions: [_, > 0 and var width] } && names.Count != width)
            {
                problems.Add($"metadata '{OnnxScoringContract.FeatureNamesKey}' names {names.Count} features but the input has {width} columns");
            }
        }

        if (problems.Count > 0)
        {
            throw new InvalidOnnxModelException("the ONNX model does not have the scoring signature: " + string.Join("; ", problems));
        }

        return new OnnxModelSignature(input!, outputs, metadata, names);
    }

    // A sequence or map has no element type: DataTypeMax stands in, and IsTensor says not to read it.
    private static OnnxValueSignature Value(string name, NodeMetadata m) =>
        m.IsTensor
            ? new OnnxValueSignature(name, m.OnnxValueType, m.ElementDataType, m.Dimensions.Select(d => (long)d).ToArray(), m.SymbolicDimensions)
            : new OnnxValueSignature(name, m.OnnxValueType, TensorElementType.DataTypeMax, [], []);

    private static string List(IEnumerable<OnnxValueSignature> values)
    {
        string list = string.Join(", ", values.Select(v => v.Describe()));
        return list.Length == 0 ? "none" : list;
    }

    private static string[]? FeatureNames(string json)
    {
        try
        {
            string[]? names = JsonSerializer.Deserialize<string[]>(json);
            return names is not null && names.All(n => n is not null) ? names : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
