using System.CommandLine;
using System.Globalization;
using MatchModels.Core.Registry;
using Spectre.Console;

namespace MatchModels.Cli.Models;

/// <summary><c>matchmodels models list [NAME] [--json]</c>: every model, or one model's versions, with aliases and headline metrics.</summary>
public static class ListCommand
{
    public sealed record VersionRow(string Name, int Version, IReadOnlyList<string> Aliases, string Source, DateTime CreatedAtUtc, string? Trainer, double? RocAuc, double? Ece, string? Problem);

    public static Command Create()
    {
        var name = new Argument<string?>("NAME") { Description = "Only this model's versions.", Arity = ArgumentArity.ZeroOrOne };
        var json = ModelsCommand.JsonOption();
        var registry = RegistryOption.Create();
        var command = new Command("list", "List registered models and versions.") { name, json, registry };
        command.SetAction(parse => ModelsCommand.Guard(() =>
        {
            var reg = new ModelRegistry(parse.GetValue(registry)!);
            IReadOnlyList<string> names = parse.GetValue(name) is { } one ? [ModelReference.CheckName(one)] : reg.Names();
            var rows = names.SelectMany(n => Rows(reg, n)).ToList();
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(rows);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("model", "version", "aliases", "source", "registered (UTC)", "trainer", "test AUC", "test ECE");
            foreach (VersionRow r in rows)
            {
                table.AddRow(r.Name, r.Version.ToString(CultureInfo.InvariantCulture), string.Join(", ", r.Aliases), r.Source,
                    r.CreatedAtUtc == default ? "" : r.CreatedAtUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), r.Trainer ?? "",
                    F(r.RocAuc), r.Problem is null ? F(r.Ece) : $"[red]{Markup.Escape(r.Problem)}[/]");
            }

            CliRunner.Out.Write(table);
            if (rows.Count == 0)
            {
                CliRunner.Out.MarkupLine($"no registered versions in {Markup.Escape(reg.Root)}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>A damaged version is listed with its problem rather than hiding the others.</summary>
    private static IEnumerable<VersionRow> Rows(ModelRegistry reg, string name)
    {
        IReadOnlyDictionary<string, int> aliases = reg.Aliases(name);
        foreach (int v in reg.Versions(name))
        {
            var pointing = aliases.Where(kv => kv.Value == v).Select(kv => kv.Key).ToList();
            ModelManifest? m = null;
            string? problem = null;
            try
            {
                m = reg.Open(name, v).Manifest;
            }
            catch (RegistryException e)
            {
                problem = e.Message;
            }

            if (m is null)
            {
                yield return new VersionRow(name, v, pointing, "?", default, null, null, null, problem);
                continue;
            }

            yield return new VersionRow(name, v, pointing, m.Source, m.CreatedAtUtc, m.Trainer,
                m.Metrics.TryGetValue("roc_auc", out double auc) ? auc : null, m.Metrics.TryGetValue("ece", out double ece) ? ece : null, null);
        }
    }

    private static string F(double? x) => x is { } v ? v.ToString("0.####", CultureInfo.InvariantCulture) : "";
}
