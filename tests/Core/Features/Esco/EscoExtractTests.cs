using System.IO.Compression;
using System.Text;

namespace MatchModels.Core.Tests.Features.Esco;

public sealed class EscoExtractTests
{
    /// <summary>ESCO as published, kept beside the repository (../shared/esco); absent on a machine without it.</summary>
    private static string EscoSource => Path.Combine(RepoPaths.Root, "..", "shared", "esco");

    private static string Shipped => Path.Combine(RepoPaths.Root, "data", "esco", "skills.tsv.gz");

    [Fact]
    public void The_shipped_skills_file_is_exactly_the_derivation_of_the_published_esco_files()
    {
        if (!File.Exists(Path.Combine(EscoSource, "skills_fr.csv.gz")))
        {
            // The published files are not part of the repository; the shape tests below still run.
            return;
        }

        string derived = EscoExtract.BuildTsv(EscoSource);
        if (Environment.GetEnvironmentVariable("MATCHMODELS_WRITE_ESCO") == "1")
        {
            File.WriteAllBytes(Shipped, EscoExtract.Gzip(derived));
        }

        Assert.Equal(derived, ReadShipped());
    }

    [Fact]
    public void The_shipped_file_holds_every_esco_v1_skill_with_both_languages()
    {
        string[] lines = ReadShipped().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(EscoExtract.Header, lines[0]);
        Assert.Equal(13_485, lines.Length - 1);
        string[][] rows = lines.Skip(1).Select(l => l.Split('\t')).ToArray();
        Assert.All(rows, r => Assert.Equal(5, r.Length));
        Assert.All(rows, r => Assert.NotEqual("", r[3]));
        Assert.True(rows.Count(r => r[2].Length > 0) >= 13_472);
    }

    private static string ReadShipped()
    {
        using var gz = new GZipStream(File.OpenRead(Shipped), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
