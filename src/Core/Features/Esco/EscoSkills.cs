using System.IO.Compression;
using System.Reflection;
using System.Text;

namespace MatchModels.Core.Features.Esco;

/// <summary>One ESCO skill concept: its id (the UUID of its concept URI), English and French labels, preferred first, and the ids of its broader skills.</summary>
public sealed record EscoSkill(string Id, bool Knowledge, IReadOnlyList<string> English, IReadOnlyList<string> French, IReadOnlyList<string> Broader);

/// <summary>
/// The skills pillar of ESCO v1.0 (ESCO, European Commission; data/esco/README.md), read from the copy embedded
/// from data/esco/skills.tsv.gz: 13,485 concepts, each labelled in French and English on the same URI. It is the
/// product's only bilingual vocabulary: neither side of a test wrote it.
/// </summary>
public static class EscoSkills
{
    private static readonly Lazy<IReadOnlyList<EscoSkill>> s_all = new(Load);

    public static IReadOnlyList<EscoSkill> All => s_all.Value;

    private static IReadOnlyList<EscoSkill> Load()
    {
        using Stream s = Assembly.GetExecutingAssembly().GetManifestResourceStream("esco/skills.tsv.gz")
            ?? throw new InvalidOperationException("esco/skills.tsv.gz is not embedded in MatchModels.Core");
        using var gz = new GZipStream(s, CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        var skills = new List<EscoSkill>(13_500);
        _ = reader.ReadLine();
        while (reader.ReadLine() is { } line)
        {
            string[] cells = line.Split('\t');
            if (cells.Length != 5)
            {
                throw new FormatException($"esco/skills.tsv.gz: {cells.Length} cells where 5 were expected");
            }

            skills.Add(new EscoSkill(cells[0], cells[1] == "knowledge", Split(cells[2]), Split(cells[3]), Split(cells[4])));
        }

        return skills;
    }

    private static string[] Split(string cell) => cell.Length == 0 ? [] : cell.Split('|');
}
