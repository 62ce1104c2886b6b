using MatchModels.Core.Registry;

namespace MatchModels.Core.Tests.Registry;

public sealed class AliasTests
{
    [Fact]
    public void A_bare_name_means_the_champion_else_the_latest()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        RegistryFixture.Register(registry, "m");
        RegistryFixture.Register(registry, "m");

        Assert.Equal(2, registry.ResolveVersion(ModelReference.Parse("m")));
        SetAlias.Run(registry, "m", "champion", 1, DateTime.UtcNow, "first", forced: false);
        Assert.Equal(1, registry.ResolveVersion(ModelReference.Parse("m")));
        Assert.Equal(1, registry.ResolveVersion(ModelReference.Parse("m@champion")));
        Assert.Equal(2, registry.ResolveVersion(ModelReference.Parse("m:2")));
    }

    [Fact]
    public void Rollback_walks_back_through_earlier_champions()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        for (int i = 1; i <= 3; i++)
        {
            RegistryFixture.Register(registry, "m", alias: "champion");
        }

        Assert.Equal(3, registry.Aliases("m")["champion"]);
        Assert.Equal(new AliasChange("m", "champion", 2, 3), RollbackAlias.Run(registry, "m", DateTime.UtcNow));
        Assert.Equal(new AliasChange("m", "champion", 1, 2), RollbackAlias.Run(registry, "m", DateTime.UtcNow));
        Assert.Contains("no earlier version", Assert.Throws<RegistryException>(() => RollbackAlias.Run(registry, "m", DateTime.UtcNow)).Message, StringComparison.Ordinal);
        Assert.Equal(1, registry.Aliases("m")["champion"]);
    }

    [Fact]
    public void Rollback_skips_a_deleted_former_champion()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        for (int i = 1; i <= 3; i++)
        {
            RegistryFixture.Register(registry, "m", alias: "champion");
        }

        DeleteModelVersion.Run(registry, "m", 2, DateTime.UtcNow);

        Assert.Equal(1, RollbackAlias.Run(registry, "m", DateTime.UtcNow).Version);
    }

    [Fact]
    public void Deleting_an_aliased_version_is_refused_and_deletes_nothing()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        RegistryFixture.Register(registry, "m", alias: "champion");

        RegistryException e = Assert.Throws<RegistryException>(() => DeleteModelVersion.Run(registry, "m", 1, DateTime.UtcNow));

        Assert.Contains("is the champion", e.Message, StringComparison.Ordinal);
        Assert.Equal([1], registry.Versions("m"));
    }

    [Fact]
    public void The_history_keeps_every_change_with_its_reason()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        RegistryFixture.Register(registry, "m");
        RegistryFixture.Register(registry, "m");
        SetAlias.Run(registry, "m", "champion", 2, DateTime.UtcNow, "urgent fix", forced: true);

        IReadOnlyList<RegistryEvent> history = RegistryHistory.Read(registry.ModelDirectory("m"));

        Assert.Equal([RegistryEvent.Registered, RegistryEvent.Registered, RegistryEvent.AliasSet], history.Select(e => e.Action));
        Assert.Equal("urgent fix", history[^1].Reason);
        Assert.True(history[^1].Forced);
    }

    [Theory]
    [InlineData("m:0", "positive whole number")]
    [InlineData("m:x", "positive whole number")]
    [InlineData("m:1@champion", "both a version and an alias")]
    [InlineData("M", "not a valid model name")]
    [InlineData("m@", "not a valid alias")]
    public void Bad_references_are_refused_with_the_reason(string text, string expected)
    {
        Assert.Contains(expected, Assert.Throws<RegistryException>(() => ModelReference.Parse(text)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_versions_and_aliases_name_what_exists()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        RegistryFixture.Register(registry, "m");

        Assert.Contains("versions: 1", Assert.Throws<RegistryException>(() => registry.ResolveVersion(ModelReference.Parse("m:5"))).Message, StringComparison.Ordinal);
        Assert.Contains("aliases: none", Assert.Throws<RegistryException>(() => registry.ResolveVersion(ModelReference.Parse("m@challenger"))).Message, StringComparison.Ordinal);
        Assert.Contains("models here: m", Assert.Throws<RegistryException>(() => registry.ResolveVersion(ModelReference.Parse("other"))).Message, StringComparison.Ordinal);
    }
}
