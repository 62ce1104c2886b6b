using System.Text;
using MatchModels.Core.Registry;
using MatchModels.Monitoring.Settings;
using MatchModels.Training.Export;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Runs;
using Microsoft.ML;

namespace MatchModels.Training.Registration;

/// <summary>
/// What became of the chosen model: registered as a version (and aliased), or why not. Status is registered,
/// gates_failed (the run's gates said no), failed (the ONNX export was not exact, or the registry refused) or
/// skipped (--no-register). <paramref name="AwaitsReview"/> is true for a version registered with inconclusive gates:
/// no alias was moved, and a person promotes it (with a reason) or not.
/// </summary>
public sealed record RegistrationOutcome(string Status, int? Version, string? Alias, string Detail, ParityCheck? Parity, bool AwaitsReview = false)
{
    public const string Registered = "registered";
    public const string GatesFailed = "gates_failed";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
}

/// <summary>
/// Turns a trained model into a registry version: export to ONNX, prove the export exact on the given rows with
/// ONNX Runtime (max |p_onnx − p_ml.net| ≤ <see cref="CheckParity.Tolerance"/>, or nothing is registered and the
/// worst rows are named), then write model.onnx, model.json, card.md, MLmodel, the resolved pipeline and its monitoring settings, the report, the run's lineage file and its drift reference sample.
/// </summary>
public static class RegisterTrainedModel
{
    public const string PipelineFile = "pipeline.yaml";
    public const string ReportFile = "report.html";

    public static ModelVersion Run(
        ModelRegistry registry, TimeProvider clock, string name, TrainedModel model, MLContext ml, float[] parityRows, int rowCount,
        FeatureReference reference, RunRecord run, string runDirectory, string pipelineYaml, string? reportPath, string? alias, string? aliasReason = null)
    {
        byte[] onnx;
        try
        {
            onnx = ExportOnnx.Run(model);
        }
        catch (OnnxExportException e)
        {
            throw new TrainingException($"the model cannot be exported to ONNX, so nothing was registered: {e.Message}");
        }

        ParityResult parity = CheckParity.Run(model, onnx, parityRows, rowCount, ml);
        if (!parity.Passed)
        {
            throw new TrainingException($"the ONNX export does not reproduce the trained model, so nothing was registered: {parity.Describe()}");
        }

        (long ir, IReadOnlyDictionary<string, long> opsets) = OnnxHeader.Read(onnx);
        var files = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [PipelineFile] = Encoding.UTF8.GetBytes(pipelineYaml),

            // The pipeline's monitoring section as JSON, for Monitoring, which reads no YAML.
            [MonitoringSettingsFile.FileName] = Encoding.UTF8.GetBytes(MonitoringSettingsFile.ToJson(Pipelines.PipelineFile.Parse(pipelineYaml, PipelineFile).Monitoring)),
        };
        if (reportPath is not null && File.Exists(reportPath))
        {
            files[ReportFile] = File.ReadAllBytes(reportPath);
        }

        // Written by the run beside its model; a version without it cannot answer an erasure request's lineage question.
        string lineage = Path.Combine(runDirectory, "model", TrainingLineage.FileName);
        if (File.Exists(lineage))
        {
            files[TrainingLineage.FileName] = File.ReadAllBytes(lineage);
        }

        // The drift reference (a seeded sample of training rows and out-of-fold predictions); runs before it have none,
        // and their versions fall back to the summary profile.
        foreach (string file in new[] { ReferenceSample.FeaturesFile, ReferenceSample.PredictionsFile })
        {
            string path = Path.Combine(runDirectory, "model", file);
            if (File.Exists(path))
            {
                files[file] = File.ReadAllBytes(path);
            }
        }

        return new RegisterModelVersion(registry, clock).Run(name, onnx, (version, now) =>
        {
            files["card.md"] = Encoding.UTF8.GetBytes(WriteModelCard.Run(name, version, run, PipelineFile));
            files["MLmodel"] = Encoding.UTF8.GetBytes(WriteMlflowModel.Run(name, version, model.FeatureNames.Count, now));
            return new VersionContent(Manifest(name, version, now, model, run, runDirectory, new OnnxSignature("model.onnx", "features", model.FeatureNames.Count, "probability", ir, opsets),
                new ParityCheck(parity.Rows, parity.MaxAbsDifference, CheckParity.Tolerance), reference), files);
        }, alias, alias is null ? null : aliasReason ?? $"registered by training run {run.RunId} after its gates passed");
    }

    private static ModelManifest Manifest(
        string name, int version, DateTime now, TrainedModel model, RunRecord run, string runDirectory, OnnxSignature signature, ParityCheck parity, FeatureReference reference) => new(
        ModelManifest.CurrentFormat, name, version, ModelManifest.SourceTrained, now, signature,
        new FeatureSpec(model.Task.YamlName, model.FeatureNames, model.FeatureState.HorizonDays, model.FeatureState, model.Audit.Attributes, model.Audit.Categories),
        model.Threshold, model.Trainer.YamlName, model.Hyperparameters, run.Seed,
        TrainingReports.Flat(run.Test!, run.Intervals), run.Oracle is { } o ? TrainingReports.Flat(o) : null,
        (run.Importance ?? []).Select(i => new FeatureWeight(i.Feature, i.Drop)).ToList(),
        TrainingReports.ToElement(new EvaluationBlock(run.Test!, run.Oracle, run.Verdict, run.Intervals)),
        run.Fairness is null ? null : TrainingReports.ToElement(run.Fairness),
        run.Gates is null ? null : TrainingReports.ToElement(run.Gates),
        run.DataFiles.Select(d => new DataDigest(d.Table, d.File, d.Bytes, d.Rows, d.Sha256)).ToList(),
        new PipelineReference(run.Pipeline, run.PipelineDigest, PipelineFile),
        new RunReference(run.RunId, Path.GetFullPath(runDirectory)),
        run.GitCommit, run.Packages, parity, reference, new ManifestDigests("", new Dictionary<string, string>(), ""));
}
