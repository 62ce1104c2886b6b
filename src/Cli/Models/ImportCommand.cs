using System.CommandLine;
using MatchModels.Core.Registry;
using Spectre.Console;

namespace MatchModels.Cli.Models;

/// <summary><c>matchmodels models import NAME FILE.onnx --features SPEC.json [--alias A] [--json]</c>: register a model trained elsewhere.</summary>
public static class ImportCommand
{
    public static Command Create()
    {
        var name = new Argument<string>("NAME") { Description = "The model to add a version to." };
        var file = new Argument<string>("FILE") { Description = "The ONNX file." };
        var features = new Option<string>("--features") { Description = "The feature spec (JSON): task, features in column order, optional input/output names, threshold, fitted state.", Required = true };
        var alias = new Option<string?>("--alias") { Description = "Point this alias at the new version (not the champion: an imported model has no gates to pass)." };
        var json = ModelsCommand.JsonOption();
        var registry = RegistryOption.Create();
        var command = new Command("import", "Register an ONNX model trained elsewhere after checking its signature against a feature spec.") { name, file, features, alias, json, registry };
        command.SetAction(parse => ModelsCommand.Guard(() =>
        {
            string model = ModelReference.CheckName(parse.GetValue(name)!);
            string onnxPath = parse.GetValue(file)!, specPath = parse.GetValue(features)!;
            string? toAlias = parse.GetValue(alias);
            if (toAlias == ModelReference.Champion)
            {
                throw new CliException("an imported model cannot become the champion on import: it has no evaluation for the gates; import it, then 'models promote --force --reason'");
            }

            byte[] onnx = File.Exists(onnxPath) ? File.ReadAllBytes(onnxPath) : throw new CliException($"ONNX file {onnxPath} does not exist");
            string specText = File.Exists(specPath) ? File.ReadAllText(specPath) : throw new CliException($"feature spec {specPath} does not exist");
            ImportSpec spec = ImportSpec.Parse(specText, specPath);
            ModelVersion v = new ImportOnnxModel(new ModelRegistry(parse.GetValue(registry)!), TimeProvider.System).Run(model, onnx, spec, onnxPath, toAlias);
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(new { name = model, version = v.Manifest.Version, directory = v.Directory, signature = v.Manifest.Onnx });
            }
            else
            {
                CliRunner.Out.MarkupLine(Markup.Escape($"registered {model}:{v.Manifest.Version} (imported, input {v.Manifest.Onnx.Input} float[N, {v.Manifest.Onnx.Width}] → {v.Manifest.Onnx.Output})"));
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
