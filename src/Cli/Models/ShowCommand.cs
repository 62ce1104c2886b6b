using System.CommandLine;
using System.Globalization;
using MatchModels.Core.Registry;
using MatchModels.Training.Registration;
using Spectre.Console;

namespace MatchModels.Cli.Models;

/// <summary><c>matchmodels models show NAME[:VERSION|@ALIAS] [--json]</c>: one version's manifest, verified.</summary>
public static class ShowCommand
{
    public static Command Create()
    {
        var reference = new Argument<string>("MODEL") { Description = "NAME, NAME:VERSION or NAME@ALIAS (a bare name means the champion, else the latest)." };
        var json = ModelsCommand.JsonOption();
        var registry = RegistryOption.Create();
        var command = new Command("show", "Show one registered version: signature, features, metrics, lineage, digests.") { reference, json, registry };
        command.SetAction(parse => ModelsCommand.Guard(() =>
        {
            var reg = new ModelRegistry(parse.GetValue(registry)!);
            ModelVersion v = reg.Open(ModelReference.Parse(parse.GetValue(reference)!));
            var aliases = reg.Aliases(v.Manifest.Name).Where(kv => kv.Value == v.Manifest.Version).Select(kv => kv.Key).ToList();
            IReadOnlyList<RegistryEvent> history = RegistryHistory.Read(reg.ModelDirectory(v.Manifest.Name));
            (ApprovalState state, RegistryEvent? _) = ApprovalStatus.Of(history, v.Manifest.Version);
            RegistryEvent[] decisions = [.. history.Where(e => e.Version == v.Manifest.Version && e.Action is RegistryEvent.AwaitingApproval or RegistryEvent.Approved or RegistryEvent.Rejected or RegistryEvent.RetrainDecision)];
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(new { aliases, status = ApprovalStatus.Word(state), decisions, directory = v.Directory, manifest = v.Manifest });
                return ExitCodes.Ok;
            }

            Render(v, aliases, state, decisions);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>"roc_auc 0.71 [0.66, 0.76], …": each metric with its 95% interval when the version recorded one (older versions did not).</summary>
    private static string Metrics(IReadOnlyDictionary<string, double> metrics)
    {
        static string F(double x) => x.ToString("0.####", CultureInfo.InvariantCulture);
        return string.Join(", ", metrics
            .Where(kv => !kv.Key.EndsWith(TrainingReports.LowSuffix, StringComparison.Ordinal) && !kv.Key.EndsWith(TrainingReports.HighSuffix, StringComparison.Ordinal))
            .Select(kv => metrics.TryGetValue(kv.Key + TrainingReports.LowSuffix, out double lo) && metrics.TryGetValue(kv.Key + TrainingReports.HighSuffix, out double hi)
                ? $"{kv.Key} {F(kv.Value)} [{F(lo)}, {F(hi)}]"
                : $"{kv.Key} {F(kv.Value)}"));
    }

    private static void Render(ModelVersion v, IReadOnlyList<string> aliases, ApprovalState state, IReadOnlyList<RegistryEvent> decisions)
    {
        ModelManifest m = v.Manifest;
        var grid = new Table().AddColumns("", "").HideHeaders();
        void Row(string k, string? value) => grid.AddRow(k, Markup.Escape(value ?? ""));
        Row("model", $"{m.Name}:{m.Version}{(aliases.Count > 0 ? $" ({string.Join(", ", aliases)})" : "")}");
        Row("source", m.Source);
        Row("registered", m.CreatedAtUtc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Row("task", m.Features.Task);
        Row("signature", $"{m.Onnx.Input} float[N, {m.Onnx.Width}] → {m.Onnx.Output} float[N]; IR {m.Onnx.IrVersion}, opsets {string.Join(", ", m.Onnx.Opsets.Select(kv => $"{kv.Key} {kv.Value}"))}");
        Row("features", string.Join(", ", m.Features.Names));
        Row("raw profiles", m.Features.State is null ? "no fitted feature state: scores feature vectors only" : "yes (fitted feature state included)");
        Row("trainer", m.Trainer is null ? null : $"{m.Trainer} ({string.Join(", ", (m.Hyperparameters ?? new Dictionary<string, double>()).Select(kv => $"{kv.Key}={kv.Value.ToString("G4", CultureInfo.InvariantCulture)}"))})");
        Row("threshold", m.Threshold.ToString("0.####", CultureInfo.InvariantCulture));
        Row("test metrics", Metrics(m.Metrics));
        if (m.OracleMetrics is { } oracle)
        {
            Row("oracle", string.Join(", ", oracle.Where(kv => kv.Key is "roc_auc" or "ece" or "brier").Select(kv => $"{kv.Key} {kv.Value.ToString("0.####", CultureInfo.InvariantCulture)}")));
        }

        Row("parity", m.Parity is { } p ? $"max |p_onnx − p_ml.net| = {p.MaxAbsDifference:0.###e+0} over {p.Rows:N0} rows (tolerance {p.Tolerance:0e+0})" : "not checked (imported)");
        Row("pipeline", m.Pipeline is { } pl ? $"{pl.Name}, digest {pl.Digest}" : null);
        Row("run", m.Run is { } run ? $"{run.Id} ({run.Path})" : null);
        Row("seed", m.Seed?.ToString(CultureInfo.InvariantCulture));
        Row("git commit", m.GitCommit);
        foreach (DataDigest d in m.Data)
        {
            Row($"data {d.Table}", $"{d.File}, {d.Rows:N0} rows, sha256 {d.Sha256}");
        }

        Row("approval", ApprovalStatus.Word(state));
        foreach (RegistryEvent e in decisions)
        {
            Row($"decision {e.AtUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}", $"{e.Action}{(e.User is null ? "" : $" by {e.User}")}: {e.Reason}");
        }

        Row("model.onnx sha256", m.Digests.ModelOnnx);
        Row("folder", v.Directory);
        CliRunner.Out.Write(grid);
    }
}
