using MatchModels.Core.Registry;

namespace MatchModels.Core.Tests.Registry;

public sealed class ReferenceSampleTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mm-reference-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (float[] Rows, double[] P, bool[] Y) Training(int count)
    {
        float[] rows = [.. Enumerable.Range(0, count * 2).Select(i => (float)i)];
        double[] p = [.. Enumerable.Range(0, count).Select(i => (i % 100) / 100.0)];
        bool[] y = [.. Enumerable.Range(0, count).Select(i => i % 3 == 0)];
        return (rows, p, y);
    }

    [Fact]
    public void Keeps_every_row_of_a_small_training_set_in_order()
    {
        (float[] rows, double[] p, bool[] y) = Training(10);

        ReferenceSample sample = ReferenceSample.Draw(["a", "b"], rows, 10, p, y, seed: 3);

        Assert.Equal(rows, sample.Features.Values);
        Assert.Equal(p, sample.Probabilities);
        Assert.Equal(y, sample.Labels);
    }

    [Fact]
    public void Bounds_a_large_training_set_to_5000_seeded_rows()
    {
        (float[] rows, double[] p, bool[] y) = Training(12_000);

        ReferenceSample first = ReferenceSample.Draw(["a", "b"], rows, 12_000, p, y, seed: 3);
        ReferenceSample again = ReferenceSample.Draw(["a", "b"], rows, 12_000, p, y, seed: 3);
        ReferenceSample other = ReferenceSample.Draw(["a", "b"], rows, 12_000, p, y, seed: 4);

        Assert.Equal(ReferenceSample.MaxRows, first.Features.Rows);
        Assert.Equal(ReferenceSample.MaxRows, first.Probabilities.Length);
        Assert.Equal(first.Features.Values, again.Features.Values);
        Assert.NotEqual(first.Features.Values, other.Features.Values);
        // Rows stay whole: row r's b is its a + 1, as in the training matrix.
        for (int r = 0; r < first.Features.Rows; r++)
        {
            Assert.Equal(first.Features.Values[2 * r] + 1, first.Features.Values[(2 * r) + 1]);
        }
    }

    [Fact]
    public async Task Writes_parquet_that_reads_back_the_same_and_repeats_its_bytes()
    {
        (float[] rows, double[] p, bool[] y) = Training(50);
        ReferenceSample sample = ReferenceSample.Draw(["a", "b"], rows, 50, p, y, seed: 3);
        string second = Path.Combine(_dir, "again");

        await sample.WriteAsync(_dir);
        await sample.WriteAsync(second);
        ReferenceSample? read = await ReferenceSample.ReadAsync(new ModelVersion(RegistryFixture.Manifest("m", 1, DateTime.UtcNow, 0.7), _dir));

        Assert.NotNull(read);
        Assert.Equal(sample.Features.Values, read.Features.Values);
        Assert.Equal(sample.Probabilities, read.Probabilities);
        Assert.Equal(sample.Labels, read.Labels);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(_dir, ReferenceSample.FeaturesFile)), await File.ReadAllBytesAsync(Path.Combine(second, ReferenceSample.FeaturesFile)));
    }

    [Fact]
    public async Task Reads_nothing_for_a_version_without_a_sample()
    {
        Assert.Null(await ReferenceSample.ReadAsync(new ModelVersion(RegistryFixture.Manifest("m", 1, DateTime.UtcNow, 0.7), _dir)));
    }
}
