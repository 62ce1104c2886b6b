using MatchModels.Core.History;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;
using Xunit.Abstractions;

namespace MatchModels.Core.Tests.Tables;

/// <summary>
/// Damaged copies of a real Parquet file (the sample's pairs table): truncated, with bytes flipped, with the
/// footer's length or metadata garbled, the magic bytes kept so the reader gets past its first check. A reader
/// of files people hand us must turn every one of them into a problem, never an exception.
/// </summary>
public sealed class DamagedParquetTests(ITestOutputHelper output)
{
    private const int Seed = 20261202;

    [Fact]
    public async Task Thousands_of_damaged_variants_of_a_real_file_become_problems_not_crashes()
    {
        byte[] original = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Sample, "pairs.parquet"));
        using var dir = new TempDir();
        int unreadable = 0, readable = 0;
        foreach ((string name, byte[] bytes) in Variants(original))
        {
            string path = dir["pairs.parquet"];
            await File.WriteAllBytesAsync(path, bytes);
            var problems = new ProblemList();

            RawTable? table;
            try
            {
                table = await ParquetTableReader.ReadAsync(path, problems);
            }
            catch (Exception e)
            {
                Assert.Fail($"variant {name}: {e.GetType().Name}: {e.Message}");
                throw;
            }

            if (table is null || problems.Any)
            {
                unreadable++;
                Assert.NotEmpty(problems.Kept);
                Assert.All(problems.Kept, p => Assert.Equal("pairs.parquet", p.File));
            }
            else
            {
                // A flip inside a data page can leave a readable file with different values; that is for the
                // schema checks to judge, and it must still have the schema's shape.
                readable++;
                Assert.NotEmpty(table.Columns);
            }
        }

        output.WriteLine($"{unreadable} variants reported as problems, {readable} still readable");
        Assert.True(unreadable > 1_000, $"only {unreadable} variants were found damaged: the variants do not reach the reader's checks");
    }

    [Fact]
    public async Task Validating_a_history_whose_file_is_damaged_names_the_file_and_loads_nothing()
    {
        byte[] original = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Sample, "pairs.parquet"));
        using TempDir dir = TempDir.CopyOf(RepoPaths.Sample);
        int checkedVariants = 0;
        foreach ((string name, byte[] bytes) in Variants(original).Where((_, i) => i % 10 == 0))
        {
            await File.WriteAllBytesAsync(dir["pairs.parquet"], bytes);

            HistoryLoadResult result = await LoadProgrammeHistory.FromDirectoryAsync(dir.Path);

            if (result.Ok)
            {
                continue;
            }

            checkedVariants++;
            Assert.Null(result.History);
            Assert.Contains(result.Problems, p => p.File == "pairs.parquet");
            _ = name;
        }

        Assert.True(checkedVariants > 100, $"only {checkedVariants} damaged variants were refused");
    }

    [Fact]
    public async Task Garbage_between_the_magic_bytes_is_not_a_readable_Parquet_file()
    {
        using var dir = new TempDir();
        var random = new Random(Seed);
        byte[] body = new byte[4_096];
        random.NextBytes(body);
        string path = dir["pairs.parquet"];
        await File.WriteAllBytesAsync(path, [.. "PAR1"u8, .. body, .. "PAR1"u8]);
        var problems = new ProblemList();

        RawTable? table = await ParquetTableReader.ReadAsync(path, problems);

        Assert.Null(table);
        ValidationProblem problem = Assert.Single(problems.Kept);
        Assert.Equal((ProblemKind.UnreadableFile, "pairs.parquet", "a readable Parquet file"), (problem.Kind, problem.File, problem.Expected));
    }

    /// <summary>About 3,000 damaged copies, seeded, each named by how it was damaged so a failure can be replayed.</summary>
    internal static IEnumerable<(string Name, byte[] Bytes)> Variants(byte[] original)
    {
        var random = new Random(Seed);
        int footerLength = BitConverter.ToInt32(original, original.Length - 8);
        int footerStart = original.Length - 8 - footerLength;

        // Truncated, then given its closing magic back so only the missing middle is wrong.
        for (int i = 0; i < 500; i++)
        {
            int keep = random.Next(4, original.Length - 4);
            yield return ($"truncated-{keep}", [.. original.AsSpan(0, keep), .. "PAR1"u8]);
        }

        // Bytes flipped anywhere between the magics.
        for (int i = 0; i < 1_000; i++)
        {
            byte[] copy = (byte[])original.Clone();
            int flips = random.Next(1, 9);
            for (int f = 0; f < flips; f++)
            {
                copy[random.Next(4, copy.Length - 4)] ^= (byte)random.Next(1, 256);
            }

            yield return ($"flipped-{i}", copy);
        }

        // Bytes flipped in the footer's metadata, where lengths, offsets and counts live.
        for (int i = 0; i < 1_300; i++)
        {
            byte[] copy = (byte[])original.Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
            {
                copy[random.Next(footerStart, original.Length - 8)] ^= (byte)random.Next(1, 256);
            }

            yield return ($"footer-{i}", copy);
        }

        // The footer length itself replaced: negative, zero, past the file, off by a little.
        for (int i = 0; i < 200; i++)
        {
            byte[] copy = (byte[])original.Clone();
            int length = i switch
            {
                0 => 0,
                1 => -1,
                2 => int.MaxValue,
                3 => original.Length,
                _ => footerLength + random.Next(-64, 65),
            };
            BitConverter.GetBytes(length).CopyTo(copy, original.Length - 8);
            yield return ($"footer-length-{length}", copy);
        }

        // Everything between the magics replaced by noise, at several sizes.
        for (int i = 0; i < 50; i++)
        {
            byte[] noise = new byte[random.Next(8, 8_192)];
            random.NextBytes(noise);
            yield return ($"noise-{i}", [.. "PAR1"u8, .. noise, .. "PAR1"u8]);
        }
    }
}
