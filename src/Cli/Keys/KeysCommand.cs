using System.CommandLine;
using System.Globalization;
using MatchModels.Core.ApiKeys;
using Spectre.Console;

namespace MatchModels.Cli.Keys;

/// <summary>
/// <c>matchmodels keys create|list|revoke</c>: the API keys the scoring server accepts. The keys file holds only
/// hashes; a running server picks up changes within about a second.
/// </summary>
public static class KeysCommand
{
    public const string EnvironmentVariable = "MATCHMODELS_KEYS";

    public sealed record KeyRow(string Name, string Id, IReadOnlyList<string> Scopes, DateTime CreatedAt, DateTime? RevokedAt);

    public sealed record CreatedRow(string Name, string Id, IReadOnlyList<string> Scopes, DateTime CreatedAt, string Key, string KeysFile);

    public static Command Create() => new("keys", "API keys for the scoring server: create, list, revoke.")
    {
        CreateCommand(),
        ListCommand(),
        RevokeCommand(),
    };

    private static Option<string> KeysOption() => new("--keys")
    {
        Description = $"The keys file (default: ${EnvironmentVariable}, or keys.json).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env : "keys.json",
    };

    private static Option<bool> JsonOption() => new("--json") { Description = "Print the result as JSON for scripts." };

    private static Command CreateCommand()
    {
        var name = new Option<string>("--name") { Description = "Who the key is for, e.g. the HR platform's name.", Required = true };
        var scopes = new Option<string>("--scopes") { Description = "Comma-separated: score, admin.", DefaultValueFactory = _ => ApiKeyScopes.Score };
        var keys = KeysOption();
        var json = JsonOption();
        var command = new Command("create", "Create a key; it is printed once and only its hash is stored.") { name, scopes, keys, json };
        command.SetAction(parse => Guard(() =>
        {
            string file = parse.GetValue(keys)!;
            CreatedApiKey created = ManageApiKeys.Create(file, parse.GetValue(name)!, parse.GetValue(scopes)!.Split(','), DateTime.UtcNow);
            ApiKeyEntry e = created.Entry;
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(new CreatedRow(e.Name, e.Id, e.Scopes, e.CreatedAtUtc, created.Key, Path.GetFullPath(file)));
                return ExitCodes.Ok;
            }

            CliRunner.Out.MarkupLine($"created key {Markup.Escape(e.Name)} ({e.Id}, scopes {string.Join(",", e.Scopes)}) in {Markup.Escape(Path.GetFullPath(file))}");
            CliRunner.Out.MarkupLine("the key is shown only now; store it in the caller's secret store:");
            // The key alone on its own line, so it can be cut from the output by a script.
            Console.Out.WriteLine(created.Key);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command ListCommand()
    {
        var keys = KeysOption();
        var json = JsonOption();
        var command = new Command("list", "List keys (names, ids, scopes, dates; never the keys).") { keys, json };
        command.SetAction(parse => Guard(() =>
        {
            var rows = ApiKeysFile.Read(parse.GetValue(keys)!).Select(k => new KeyRow(k.Name, k.Id, k.Scopes, k.CreatedAtUtc, k.RevokedAtUtc)).ToList();
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(rows);
                return ExitCodes.Ok;
            }

            var table = new Table().AddColumns("name", "id", "scopes", "created (UTC)", "revoked (UTC)");
            foreach (KeyRow r in rows)
            {
                table.AddRow(Markup.Escape(r.Name), r.Id, string.Join(",", r.Scopes), Time(r.CreatedAt), r.RevokedAt is { } t ? Time(t) : "");
            }

            CliRunner.Out.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command RevokeCommand()
    {
        var name = new Argument<string>("NAME") { Description = "The key's name." };
        var keys = KeysOption();
        var json = JsonOption();
        var command = new Command("revoke", "Revoke a key; a running server refuses it within about a second.") { name, keys, json };
        command.SetAction(parse => Guard(() =>
        {
            ApiKeyEntry k = ManageApiKeys.Revoke(parse.GetValue(keys)!, parse.GetValue(name)!, DateTime.UtcNow);
            if (parse.GetValue(json))
            {
                CliRunner.WriteJson(new KeyRow(k.Name, k.Id, k.Scopes, k.CreatedAtUtc, k.RevokedAtUtc));
                return ExitCodes.Ok;
            }

            CliRunner.Out.MarkupLine($"revoked key {Markup.Escape(k.Name)} ({k.Id})");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (ApiKeyException e)
        {
            throw new CliException(e.Message);
        }
    }

    private static string Time(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
