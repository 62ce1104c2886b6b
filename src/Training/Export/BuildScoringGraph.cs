using System.Globalization;
using System.Text.Json;
using MatchModels.Core.Scoring;
using MatchModels.Training.Export.Onnx;
using MatchModels.Training.Trainers;

namespace MatchModels.Training.Export;

/// <summary>
/// The ONNX graph of an <see cref="ExportableModel"/>, following <see cref="OnnxScoringContract"/>:
/// <code>
/// features float[N, F]
///   → Scaler (ai.onnx.ml; linear models only)               x' = (x − offset)·scale
///   → MatMul + Add                  (linear)                 s = x'·w + b             float[N, 1]
///     or Cast(double) → TreeEnsembleRegressor (trees)        s = b + Σ_t leaf_t(x)    float[N, 1]
///   → Cast(double) → Mul(A) → Add(B) → Sigmoid → Squeeze     p = 1 / (1 + e^−(A·s + B))  double[N]
///   → Cast(float)                                            probability float[N]
///   → GreaterOrEqual(threshold) → Cast(int64)                label int64[N] = p ≥ threshold
/// </code>
/// </summary>
/// <remarks>
/// Precision follows ML.NET's own so that both give the same numbers: the standardisation and linear score in
/// single precision, as ML.NET computes them; the trees in double precision (features cast to double, thresholds
/// and leaf values in the *_as_tensor attributes), because ML.NET sums tree outputs in double and ONNX Runtime's
/// float kernel would sum them in float; Platt's sigmoid in double as <see cref="PlattCalibration.Apply"/> does.
/// The label compares the double probability, so it agrees with a threshold applied to ML.NET's probabilities.
/// Nodes, attributes, initializers and metadata are written in a fixed order: the same model gives the same bytes.
/// </remarks>
public static class BuildScoringGraph
{
    public const string ProducerName = "MatchModels";
    public const string GraphName = "matchmodels_scorer";

    public static ModelProto Run(ExportableModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        model.Validate();
        var nodes = new List<NodeProto>();
        var initializers = new List<TensorProto>();
        string features = OnnxScoringContract.FeaturesInput;

        if (model.Standardisation is { } s)
        {
            nodes.Add(Ml("Scaler", "standardise", [features], ["standardised"],
                AttributeProto.Floats("offset", s.Offset), AttributeProto.Floats("scale", s.Scale)));
            features = "standardised";
        }

        switch (model.RawScore)
        {
            case LinearScore linear:
                initializers.Add(TensorProto.Floats("linear_weights", [model.Width, 1], linear.Weights));
                initializers.Add(TensorProto.Floats("linear_bias", [1], [linear.Bias]));
                nodes.Add(Op("MatMul", "linear_product", [features, "linear_weights"], ["linear_product"]));
                nodes.Add(Op("Add", "linear_score", ["linear_product", "linear_bias"], ["raw_score"]));
                break;
            case TreeEnsembleScore ensemble:
                nodes.Add(Cast("features_as_double", features, "features_double", OnnxDataType.Double));
                nodes.Add(Ml("TreeEnsembleRegressor", "tree_ensemble", ["features_double"], ["raw_score"], TreeAttributes(ensemble)));
                break;
            default:
                throw new OnnxExportException($"no ONNX form for a {model.RawScore.GetType().Name}");
        }

        initializers.Add(TensorProto.Doubles("platt_a", [], [model.Calibration.A]));
        initializers.Add(TensorProto.Doubles("platt_b", [], [model.Calibration.B]));
        initializers.Add(TensorProto.Int64s("row_axis", [1], [1]));
        initializers.Add(TensorProto.Doubles("threshold", [], [model.Threshold]));
        nodes.Add(Cast("raw_score_as_double", "raw_score", "raw_score_double", OnnxDataType.Double));
        nodes.Add(Op("Mul", "platt_scale", ["raw_score_double", "platt_a"], ["platt_scaled"]));
        nodes.Add(Op("Add", "platt_shift", ["platt_scaled", "platt_b"], ["logit"]));
        nodes.Add(Op("Sigmoid", "sigmoid", ["logit"], ["probability_column"]));
        nodes.Add(Op("Squeeze", "one_per_row", ["probability_column", "row_axis"], ["probability_double"]));
        nodes.Add(Cast("probability_as_float", "probability_double", OnnxScoringContract.ProbabilityOutput, OnnxDataType.Float));
        nodes.Add(Op("GreaterOrEqual", "at_or_above_threshold", ["probability_double", "threshold"], ["positive"]));
        nodes.Add(Cast("label_as_int64", "positive", OnnxScoringContract.LabelOutput, OnnxDataType.Int64));

        TensorShapeDimension n = TensorShapeDimension.Symbolic(OnnxScoringContract.BatchDimension);
        var graph = new GraphProto(
            GraphName,
            nodes,
            [new ValueInfoProto(OnnxScoringContract.FeaturesInput, TypeProto.Tensor(OnnxDataType.Float, n, TensorShapeDimension.Fixed(model.Width)))],
            [
                new ValueInfoProto(OnnxScoringContract.ProbabilityOutput, TypeProto.Tensor(OnnxDataType.Float, n)),
                new ValueInfoProto(OnnxScoringContract.LabelOutput, TypeProto.Tensor(OnnxDataType.Int64, n)),
            ])
        {
            Initializers = initializers,
            DocString = $"features float[N, {model.Width}] in the order of '{OnnxScoringContract.FeatureNamesKey}' -> probability float[N] "
                + $"(Platt-calibrated), label int64[N] = 1 when probability >= {Format(model.Threshold)}",
        };

        return new ModelProto(
            OnnxVersions.IrVersion,
            [new OperatorSetIdProto(OnnxVersions.DefaultDomain, OnnxVersions.DefaultOpset), new OperatorSetIdProto(OnnxVersions.MlDomain, OnnxVersions.MlOpset)],
            graph)
        {
            ProducerName = ProducerName,
            MetadataProps = Metadata(model),
        };
    }

    /// <summary>
    /// TreeEnsembleRegressor attributes. ONNX node ids per tree: ML.NET's internal nodes keep their index
    /// (0..k−1, root first) and leaf j becomes node k + j. BRANCH_LEQ sends x ≤ threshold to the true (left)
    /// branch and anything else, NaN included (missing_value_tracks_true = 0), to the false one, as ML.NET does.
    /// </summary>
    private static AttributeProto[] TreeAttributes(TreeEnsembleScore ensemble)
    {
        var treeIds = new List<long>();
        var nodeIds = new List<long>();
        var featureIds = new List<long>();
        var modes = new List<string>();
        var values = new List<double>();
        var trueIds = new List<long>();
        var falseIds = new List<long>();
        var targetTreeIds = new List<long>();
        var targetNodeIds = new List<long>();
        var targetWeights = new List<double>();
        for (int t = 0; t < ensemble.Trees.Count; t++)
        {
            DecisionTree tree = ensemble.Trees[t];
            int k = tree.InternalNodes;
            long Id(int child) => child >= 0 ? child : k + ~child;
            for (int i = 0; i < k; i++)
            {
                treeIds.Add(t);
                nodeIds.Add(i);
                featureIds.Add(tree.SplitFeatures[i]);
                modes.Add("BRANCH_LEQ");
                values.Add(tree.Thresholds[i]);
                trueIds.Add(Id(tree.LeftChild[i]));
                falseIds.Add(Id(tree.RightChild[i]));
            }

            for (int j = 0; j < tree.Leaves; j++)
            {
                treeIds.Add(t);
                nodeIds.Add(k + j);
                featureIds.Add(0);
                modes.Add("LEAF");
                values.Add(0);
                trueIds.Add(0);
                falseIds.Add(0);
                targetTreeIds.Add(t);
                targetNodeIds.Add(k + j);
                targetWeights.Add(tree.LeafValues[j]);
            }
        }

        return
        [
            AttributeProto.String("aggregate_function", "SUM"),
            AttributeProto.Tensor("base_values_as_tensor", TensorProto.Doubles("base_values_as_tensor", [1], [ensemble.Bias])),
            AttributeProto.Int("n_targets", 1),
            AttributeProto.Ints("nodes_falsenodeids", falseIds),
            AttributeProto.Ints("nodes_featureids", featureIds),
            AttributeProto.Ints("nodes_missing_value_tracks_true", new long[nodeIds.Count]),
            AttributeProto.Strings("nodes_modes", modes),
            AttributeProto.Ints("nodes_nodeids", nodeIds),
            AttributeProto.Ints("nodes_treeids", treeIds),
            AttributeProto.Ints("nodes_truenodeids", trueIds),
            AttributeProto.Tensor("nodes_values_as_tensor", TensorProto.Doubles("nodes_values_as_tensor", [values.Count], values)),
            AttributeProto.String("post_transform", "NONE"),
            AttributeProto.Ints("target_ids", new long[targetNodeIds.Count]),
            AttributeProto.Ints("target_nodeids", targetNodeIds),
            AttributeProto.Ints("target_treeids", targetTreeIds),
            AttributeProto.Tensor("target_weights_as_tensor", TensorProto.Doubles("target_weights_as_tensor", [targetWeights.Count], targetWeights)),
        ];
    }

    private static List<StringStringEntryProto> Metadata(ExportableModel model)
    {
        var entries = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach ((string key, string value) in model.Metadata)
        {
            entries[key] = value;
        }

        entries[OnnxScoringContract.FeatureNamesKey] = JsonSerializer.Serialize(model.FeatureNames);
        entries[OnnxScoringContract.ThresholdKey] = Format(model.Threshold);
        entries[OnnxScoringContract.CalibrationKey] = $"platt a={Format(model.Calibration.A)} b={Format(model.Calibration.B)}";
        return entries.Select(kv => new StringStringEntryProto(kv.Key, kv.Value)).ToList();
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static NodeProto Op(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes) =>
        new(opType, inputs, outputs) { Name = name, Attributes = attributes };

    private static NodeProto Ml(string opType, string name, string[] inputs, string[] outputs, params AttributeProto[] attributes) =>
        Op(opType, name, inputs, outputs, attributes) with { Domain = OnnxVersions.MlDomain };

    private static NodeProto Cast(string name, string input, string output, OnnxDataType to) =>
        Op("Cast", name, [input], [output], AttributeProto.Int("to", (long)to));
}
