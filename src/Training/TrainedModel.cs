using System.Text.Json;
using MatchModels.Core.Features;
using MatchModels.Core.Registry;

using MatchModels.Training.Pipelines;
using MatchModels.Training.Trainers;
using Microsoft.ML;

namespace MatchModels.Training;

/// <summary>
/// The chosen model as trained: which features in which order, what the features fitted, the raw scorer,
/// its Platt calibration and the decision threshold. Everything a later export or scorer needs.
/// </summary>
public sealed record TrainedModel(
    PipelineTask Task,
    TrainerKind Trainer,
    IReadOnlyDictionary<string, double> Hyperparameters,
    IReadOnlyList<string> FeatureNames,
    FittedFeatureState FeatureState,
    AuditFeatureEncoding Audit,
    RawScorer Scorer,
    PlattCalibration Calibration,
    double Threshold)
{
    /// <summary>Calibrated probabilities for row-major features in <see cref="FeatureNames"/> order.</summary>
    public double[] Probabilities(MLContext ml, float[] rowMajor, int rows) =>
        Scorer.Scores(ml, rowMajor, rows).Select(Calibration.Apply).ToArray();

    /// <summary>
    /// Writes model.zip (the ML.NET raw scorer), feature-state.json (the fitted feature state, for rebuilding
    /// features) and model.json (trainer, features, standardisation, calibration, threshold) into <paramref name="directory"/>.
    /// </summary>
    public void Save(string directory, MLContext ml, float[]? testFeatures = null, FeatureReference? reference = null)
    {
        Directory.CreateDirectory(directory);
        var schema = FeatureData.Load(ml, new float[FeatureNames.Count], 1, FeatureNames.Count, labels: null).Schema;
        ml.Model.Save(Scorer.Model, schema, Path.Combine(directory, "model.zip"));
        File.WriteAllText(Path.Combine(directory, "feature-state.json"), FeatureState.ToJson());
        if (reference is not null)
        {
            File.WriteAllText(Path.Combine(directory, ReferenceFile), JsonSerializer.Serialize(reference, ManifestFile.Json));
        }

        if (testFeatures is not null)
        {
            // The held-out rows, so a later 'models register RUN' can check ONNX parity on the same rows as training did.
            File.WriteAllBytes(Path.Combine(directory, TestFeaturesFile), System.Runtime.InteropServices.MemoryMarshal.AsBytes(testFeatures.AsSpan()).ToArray());
        }
        var description = new
        {
            task = Task.YamlName,
            trainer = Trainer.YamlName,
            hyperparameters = Hyperparameters,
            features = FeatureNames,
            audit_attributes = Audit.Attributes,
            audit_categories = Audit.Categories,
            standardisation = Scorer.Standardisation is { } s ? new { offset = s.Offset, scale = s.Scale } : null,
            calibration = new { a = Calibration.A, b = Calibration.B },
            threshold = Threshold,
        };
        File.WriteAllText(Path.Combine(directory, "model.json"), JsonSerializer.Serialize(description, TrainPipeline.Json));
    }

    /// <summary>The test feature matrix, row-major little-endian float32, width = the number of features.</summary>
    public const string TestFeaturesFile = "test-features.f32";

    /// <summary>The training rows' feature distributions (<see cref="FeatureReference"/>), kept so a later registration can record them.</summary>
    public const string ReferenceFile = "reference.json";

    public static FeatureReference LoadReference(string directory)
    {
        string path = Path.Combine(directory, ReferenceFile);
        return File.Exists(path)
            ? JsonSerializer.Deserialize<FeatureReference>(File.ReadAllText(path), ManifestFile.Json) ?? throw new TrainingException($"{path} is empty")
            : throw new TrainingException($"{path} is missing: the run did not keep its reference profile");
    }

    public static float[] LoadTestFeatures(string directory)
    {
        string path = Path.Combine(directory, TestFeaturesFile);
        return File.Exists(path)
            ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(path)).ToArray()
            : throw new TrainingException($"{path} is missing: the run did not keep its test rows, so ONNX parity cannot be checked");
    }

    /// <summary>Reads back what <see cref="Save"/> wrote, so a run's model can be registered later (<c>matchmodels models register RUN</c>).</summary>
    public static TrainedModel Load(string directory, MLContext ml)
    {
        string json = Path.Combine(directory, "model.json");
        if (!File.Exists(json) || !File.Exists(Path.Combine(directory, "model.zip")) || !File.Exists(Path.Combine(directory, "feature-state.json")))
        {
            throw new TrainingException($"{directory} does not hold a saved model (model.json, model.zip and feature-state.json): did the run succeed?");
        }

        Saved saved;
        try
        {
            saved = JsonSerializer.Deserialize<Saved>(File.ReadAllText(json), TrainPipeline.Json) ?? throw new JsonException("empty");
        }
        catch (JsonException e)
        {
            throw new TrainingException($"{json} is not a saved model description ({e.Message})");
        }

        if (!PipelineTaskNames.TryParse(saved.Task, out PipelineTask task) || !TrainerKindNames.TryParse(saved.Trainer, out TrainerKind trainer))
        {
            throw new TrainingException($"{json} names an unknown task '{saved.Task}' or trainer '{saved.Trainer}'");
        }

        ITransformer model = ml.Model.Load(Path.Combine(directory, "model.zip"), out _);
        Standardisation? standardisation = saved.Standardisation is { } s ? new Standardisation(s.Offset, s.Scale) : null;
        var scorer = new RawScorer(trainer, saved.Hyperparameters, standardisation, model, saved.Features.Count);
        var audit = new AuditFeatureEncoding(saved.AuditAttributes ?? [], saved.AuditCategories ?? new Dictionary<string, string[]>());
        FittedFeatureState state = FittedFeatureState.FromJson(File.ReadAllText(Path.Combine(directory, "feature-state.json")));
        return new TrainedModel(task, trainer, saved.Hyperparameters, saved.Features, state, audit, scorer, new PlattCalibration(saved.Calibration.A, saved.Calibration.B), saved.Threshold);
    }

    private sealed record Saved(
        string Task,
        string Trainer,
        SortedDictionary<string, double> Hyperparameters,
        IReadOnlyList<string> Features,
        IReadOnlyList<string>? AuditAttributes,
        Dictionary<string, string[]>? AuditCategories,
        SavedStandardisation? Standardisation,
        SavedCalibration Calibration,
        double Threshold);

    private sealed record SavedStandardisation(float[] Offset, float[] Scale);

    private sealed record SavedCalibration(double A, double B);
}
