using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MatchModels.Cli.Tests.Keys;

/// <summary><c>matchmodels keys</c> through the real program.</summary>
public sealed class KeysCommandTests
{
    private static JsonElement Json(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, r.ToString());
        return JsonDocument.Parse(r.Stdout).RootElement.Clone();
    }

    [Fact]
    public async Task Create_prints_the_key_once_and_the_file_holds_only_its_hash()
    {
        using var dir = new TempDir();
        string file = dir["keys.json"];

        JsonElement created = Json(await CliProcess.RunAsync("keys", "create", "--name", "hr-platform", "--scopes", "score,admin", "--keys", file, "--json"));
        CliProcess.Result list = await CliProcess.RunAsync("keys", "list", "--keys", file, "--json");
        CliProcess.Result text = await CliProcess.RunAsync("keys", "list", "--keys", file);

        string key = created.GetProperty("key").GetString()!;
        Assert.Matches("^mm_[A-Za-z0-9_-]{43}$", key);
        Assert.Equal(["score", "admin"], created.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        string stored = await File.ReadAllTextAsync(file);
        Assert.DoesNotContain(key, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(key[3..], stored, StringComparison.Ordinal);
        Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), stored, StringComparison.Ordinal);
        Assert.DoesNotContain(key, list.Stdout + text.Stdout, StringComparison.Ordinal);
        JsonElement row = Json(list).EnumerateArray().Single();
        Assert.Equal(("hr-platform", created.GetProperty("id").GetString()), (row.GetProperty("name").GetString(), row.GetProperty("id").GetString()));
        Assert.False(row.TryGetProperty("key", out _));
        Assert.Contains("hr-platform", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_without_json_prints_the_key_on_its_own_line()
    {
        using var dir = new TempDir();

        CliProcess.Result r = await CliProcess.RunAsync("keys", "create", "--name", "p", "--keys", dir["keys.json"]);

        Assert.True(r.ExitCode == 0, r.ToString());
        string key = r.Stdout.Split('\n').Single(l => l.StartsWith("mm_", StringComparison.Ordinal)).Trim();
        Assert.DoesNotContain(key, await File.ReadAllTextAsync(dir["keys.json"]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoke_marks_the_key_revoked_and_a_second_revoke_is_refused()
    {
        using var dir = new TempDir();
        string file = dir["keys.json"];
        Json(await CliProcess.RunAsync("keys", "create", "--name", "p", "--keys", file, "--json"));

        JsonElement revoked = Json(await CliProcess.RunAsync("keys", "revoke", "p", "--keys", file, "--json"));
        CliProcess.Result again = await CliProcess.RunAsync("keys", "revoke", "p", "--keys", file);
        JsonElement listed = Json(await CliProcess.RunAsync("keys", "list", "--keys", file, "--json")).EnumerateArray().Single();

        Assert.Equal(JsonValueKind.String, revoked.GetProperty("revoked_at").ValueKind);
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("no active key named 'p'", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.String, listed.GetProperty("revoked_at").ValueKind);
    }

    [Theory]
    [InlineData("score,owner", "unknown scope 'owner'")]
    [InlineData(",", "at least one scope")]
    public async Task Create_refuses_a_bad_scope_and_writes_nothing(string scopes, string message)
    {
        using var dir = new TempDir();

        CliProcess.Result r = await CliProcess.RunAsync("keys", "create", "--name", "p", "--scopes", scopes, "--keys", dir["keys.json"]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(dir["keys.json"]));
    }

    [Fact]
    public async Task A_second_active_key_with_the_same_name_is_refused()
    {
        using var dir = new TempDir();
        string file = dir["keys.json"];
        Json(await CliProcess.RunAsync("keys", "create", "--name", "p", "--keys", file, "--json"));

        CliProcess.Result r = await CliProcess.RunAsync("keys", "create", "--name", "p", "--keys", file);

        Assert.Equal(2, r.ExitCode);
        Assert.Single(Json(await CliProcess.RunAsync("keys", "list", "--keys", file, "--json")).EnumerateArray());
    }
}
