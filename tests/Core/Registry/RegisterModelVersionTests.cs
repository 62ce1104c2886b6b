using System.Text;
using MatchModels.Core.Registry;

namespace MatchModels.Core.Tests.Registry;

public sealed class RegisterModelVersionTests
{
    [Fact]
    public void Versions_are_numbered_from_one_and_read_back_verified()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);

        ModelVersion first = RegistryFixture.Register(registry, "pair-success", auc: 0.71);
        ModelVersion second = RegistryFixture.Register(registry, "pair-success", auc: 0.72);

        Assert.Equal(1, first.Manifest.Version);
        Assert.Equal(2, second.Manifest.Version);
        Assert.Equal([1, 2], registry.Versions("pair-success"));
        ModelVersion read = registry.Open("pair-success", 2);
        Assert.Equal(0.72, read.Manifest.Metrics["roc_auc"]);
        Assert.Equal(["card.md", "pipeline.yaml"], read.Manifest.Digests.Files.Keys);
        Assert.Equal(64, read.Manifest.Digests.ModelJson.Length);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(dir.Path, "pair-success", ModelRegistry.StagingFolder)));
    }

    [Fact]
    public void Concurrent_registrations_never_share_a_number()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);

        int[] numbers = Enumerable.Range(0, 16).AsParallel().WithDegreeOfParallelism(8)
            .Select(_ => RegistryFixture.Register(new ModelRegistry(dir.Path), "m").Manifest.Version).ToArray();

        Assert.Equal(Enumerable.Range(1, 16), numbers.Order());
        Assert.Equal(16, registry.Versions("m").Count);
    }

    [Fact]
    public void A_deleted_number_is_never_reused()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        RegistryFixture.Register(registry, "m");
        RegistryFixture.Register(registry, "m");

        DeleteModelVersion.Run(registry, "m", 2, DateTime.UtcNow);
        ModelVersion next = RegistryFixture.Register(registry, "m");

        Assert.Equal(3, next.Manifest.Version);
        Assert.Equal([1, 3], registry.Versions("m"));
    }

    [Fact]
    public void A_failure_while_describing_leaves_no_version_and_no_staging()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);

        Assert.Throws<InvalidOperationException>(() => new RegisterModelVersion(registry, TimeProvider.System)
            .Run("m", [1, 2, 3], (_, _) => throw new InvalidOperationException("boom")));

        Assert.Empty(registry.Versions("m"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(dir.Path, "m", ModelRegistry.StagingFolder)));
        Assert.Equal(1, RegistryFixture.Register(registry, "m").Manifest.Version);
    }

    [Fact]
    public void A_leftover_staging_folder_is_not_a_version()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        string crashed = Path.Combine(dir.Path, "m", ModelRegistry.StagingFolder, "123-abc");
        Directory.CreateDirectory(crashed);
        File.WriteAllText(Path.Combine(crashed, "model.onnx"), "half");

        Assert.Empty(registry.Versions("m"));
        Assert.Equal(1, RegistryFixture.Register(registry, "m").Manifest.Version);
    }

    [Fact]
    public void The_next_registration_removes_a_staging_folder_whose_lease_nobody_holds()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        string staging = Path.Combine(dir.Path, "m", ModelRegistry.StagingFolder);
        string dead = Path.Combine(staging, "123-dead");
        Directory.CreateDirectory(dead);
        File.WriteAllText(Path.Combine(dead, "model.onnx"), "half");
        File.WriteAllText(dead + ".lease", "123 host\n");
        File.WriteAllText(Path.Combine(staging, "456-lease-only.lease"), "456 host\n");

        RegistryFixture.Register(registry, "m");

        Assert.Empty(Directory.EnumerateFileSystemEntries(staging));
    }

    [Fact]
    public void A_staging_folder_whose_lease_is_held_is_left_alone()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        string staging = Path.Combine(dir.Path, "m", ModelRegistry.StagingFolder);
        string busy = Path.Combine(staging, "789-busy");
        Directory.CreateDirectory(busy);
        string unleasedRecent = Path.Combine(staging, "321-older-release");
        Directory.CreateDirectory(unleasedRecent);

        using (ProcessLease.Take(busy + ".lease"))
        {
            RegistryFixture.Register(registry, "m");

            Assert.True(Directory.Exists(busy), "a staging folder whose owner is alive was removed");
            Assert.True(ProcessLease.IsHeld(busy + ".lease"));
        }

        // A folder from a release that took no lease is judged by its age, and this one is new.
        Assert.True(Directory.Exists(unleasedRecent));
        Assert.False(ProcessLease.IsHeld(busy + ".lease"));
    }

    [Theory]
    [InlineData("model.onnx")]
    [InlineData("card.md")]
    [InlineData("pipeline.yaml")]
    public void A_changed_file_is_refused_by_digest(string file)
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        ModelVersion v = RegistryFixture.Register(registry, "m");
        File.AppendAllText(v.PathOf(file), "x");

        RegistryException e = Assert.Throws<RegistryException>(() => registry.Open("m", 1));

        Assert.Contains(file, e.Message, StringComparison.Ordinal);
        Assert.Contains("does not match the digest recorded in model.json", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_onnx_file_is_refused()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        ModelVersion v = RegistryFixture.Register(registry, "m", onnx: new byte[1000]);
        using (var s = new FileStream(v.OnnxPath, FileMode.Open))
        {
            s.SetLength(500);
        }

        Assert.Contains("changed or truncated", Assert.Throws<RegistryException>(() => registry.Open("m", 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_edited_manifest_is_refused_by_its_own_digest()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        ModelVersion v = RegistryFixture.Register(registry, "m", auc: 0.71);
        string path = v.PathOf("model.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("0.71", "0.91", StringComparison.Ordinal));

        RegistryException e = Assert.Throws<RegistryException>(() => registry.Open("m", 1));

        Assert.Contains("does not match its own digest", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_manifest_is_refused()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);
        ModelVersion v = RegistryFixture.Register(registry, "m");
        byte[] bytes = File.ReadAllBytes(v.PathOf("model.json"));
        File.WriteAllBytes(v.PathOf("model.json"), bytes[..(bytes.Length / 2)]);

        Assert.Contains("truncated", Assert.Throws<RegistryException>(() => registry.Open("m", 1)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_bytes_are_the_same_for_the_same_content()
    {
        ModelManifest m = RegistryFixture.Manifest("m", 1, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), 0.7);

        Assert.Equal(ManifestFile.Serialise(m), ManifestFile.Serialise(m));
        Assert.Equal(0.7, ManifestFile.Parse(ManifestFile.Serialise(m), "model.json").Metrics["roc_auc"]);
    }

    [Fact]
    public void A_bad_model_name_is_refused_before_anything_is_written()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);

        RegistryException e = Assert.Throws<RegistryException>(() => RegistryFixture.Register(registry, "../escape"));

        Assert.Contains("not a valid model name", e.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Extra_files_cannot_overwrite_the_model_or_escape_the_folder()
    {
        using var dir = new TempDir();
        var registry = new ModelRegistry(dir.Path);

        Assert.Throws<ArgumentException>(() => new RegisterModelVersion(registry, TimeProvider.System).Run("m", [1], (v, now) =>
            new VersionContent(RegistryFixture.Manifest("m", v, now, 0.7), new Dictionary<string, byte[]> { ["../x"] = Encoding.UTF8.GetBytes("x") })));

        Assert.Empty(registry.Versions("m"));
    }
}
