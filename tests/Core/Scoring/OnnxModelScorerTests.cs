using MatchModels.Core.Scoring;
using MatchModels.Training.Export.Onnx;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace MatchModels.Core.Tests.Scoring;

public sealed class OnnxModelScorerTests
{
    [Fact]
    public void Scores_a_hand_written_logistic_model_as_computed_on_paper()
    {
        // p = sigmoid(x0 + 2·x1): (0, 0) → sigmoid(0) = 0.5; (1, -0.5) → sigmoid(0) = 0.5;
        // (1, 1) → sigmoid(3) = 1/(1 + e^-3) = 0.9525741; (-2, 0) → sigmoid(-2) = 0.1192029.
        using OnnxModelScorer scorer = OnnxModelScorer.Load(TinyOnnx.Logistic([1, 2]));

        float[] p = scorer.Score([0, 0, 1, -0.5f, 1, 1, -2, 0], rows: 4);

        Assert.Equal([0.5f, 0.5f], p[..2]);
        Assert.Equal(0.9525741, p[2], 6);
        Assert.Equal(0.1192029, p[3], 6);
    }

    [Fact]
    public void Reports_the_signature_with_a_symbolic_batch_dimension_and_the_feature_names()
    {
        byte[] model = TinyOnnx.Logistic([1, 2], metadata: [new StringStringEntryProto(OnnxScoringContract.FeatureNamesKey, """["age_gap","shared_topics"]""")]);

        using OnnxModelScorer scorer = OnnxModelScorer.Load(model, expectedFeatureCount: 2);

        OnnxModelSignature s = scorer.Signature;
        Assert.Equal(OnnxScoringContract.FeaturesInput, s.Input.Name);
        Assert.Equal(TensorElementType.Float, s.Input.ElementType);
        Assert.Equal([-1L, 2L], s.Input.Dimensions);
        Assert.Equal("N", s.Input.SymbolicDimensions[0]);
        Assert.Equal(2, scorer.FeatureCount);
        Assert.Equal(["age_gap", "shared_topics"], s.FeatureNames);
        Assert.Equal("'features' float[N, 2] -> 'probability' float[N]", s.Describe());
    }

    [Fact]
    public void Loads_the_same_model_from_a_file()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir["model.onnx"], TinyOnnx.Logistic([1, 2]));

        using OnnxModelScorer scorer = OnnxModelScorer.Load(dir["model.onnx"]);

        Assert.Equal(0.5f, scorer.Score([0, 0], 1)[0]);
    }

    [Fact]
    public void Refuses_a_model_whose_input_width_is_not_the_expected_feature_count()
    {
        var e = Assert.Throws<InvalidOnnxModelException>(() => OnnxModelScorer.Load(TinyOnnx.Logistic([1, 2]), expectedFeatureCount: 3));

        Assert.Contains("expected input float[N, 3] (3 features), found 'features' float[N, 2] (2 features)", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_model_without_a_probability_output_and_names_the_outputs_it_has()
    {
        var e = Assert.Throws<InvalidOnnxModelException>(() => OnnxModelScorer.Load(TinyOnnx.Logistic([1, 2], output: "score")));

        Assert.Contains("expected a float output 'probability' [N], found outputs 'score' float[N]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_probability_output_that_is_not_float()
    {
        var e = Assert.Throws<InvalidOnnxModelException>(() => OnnxModelScorer.Load(TinyOnnx.Logistic([1, 2], outputType: OnnxDataType.Double)));

        Assert.Contains("expected output 'probability' to be float[N] (one probability per row), found 'probability' double[N]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_fixed_batch_size()
    {
        var e = Assert.Throws<InvalidOnnxModelException>(() => OnnxModelScorer.Load(TinyOnnx.Logistic([1, 2], batch: TensorShapeDimension.Fixed(1))));

        Assert.Contains("first dimension to be symbolic (N)", e.Message, StringComparison.Ordinal);
        Assert.Contains("found 'features' float[1, 2]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_feature_names_that_do_not_match_the_input_width()
    {
        byte[] model = TinyOnnx.Logistic([1, 2], metadata: [new StringStringEntryProto(OnnxScoringContract.FeatureNamesKey, """["only_one"]""")]);

        var e = Assert.Throws<InvalidOnnxModelException>(() => OnnxModelScorer.Load(model));

        Assert.Contains("names 1 features but the input has 2 columns", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_bytes_that_are_not_an_onnx_model()
    {
        var e = Assert.Throws<InvalidOnnxModelException>(() => OnnxModelScorer.Load("not a model"u8.ToArray()));

        Assert.StartsWith("ONNX Runtime cannot load the given bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refuses_a_row_buffer_that_does_not_hold_whole_rows()
    {
        using OnnxModelScorer scorer = OnnxModelScorer.Load(TinyOnnx.Logistic([1, 2]));

        var e = Assert.Throws<ArgumentException>(() => scorer.Score([1, 2, 3], rows: 2));

        Assert.StartsWith("expected 2 row(s) of 2 features (4 values), got 3 values", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Scores_zero_rows_as_an_empty_result()
    {
        using OnnxModelScorer scorer = OnnxModelScorer.Load(TinyOnnx.Logistic([1, 2]));

        Assert.Empty(scorer.Score([], rows: 0));
    }

    [Fact]
    public void Scores_a_row_alone_as_in_a_batch_and_from_several_threads()
    {
        using OnnxModelScorer scorer = OnnxModelScorer.Load(TinyOnnx.Logistic([0.5f, -1.5f]));
        var random = new Random(4);
        float[] x = Enumerable.Range(0, 2 * 300).Select(_ => (float)((random.NextDouble() * 6) - 3)).ToArray();

        float[] batch = scorer.Score(x, 300);
        var single = new float[300];
        Parallel.For(0, 300, new ParallelOptions { MaxDegreeOfParallelism = 4 }, r => single[r] = scorer.Score(x.AsSpan(2 * r, 2), 1)[0]);

        Assert.Equal(batch, single);
        Assert.Equal(300, batch.Distinct().Count());
    }
}
