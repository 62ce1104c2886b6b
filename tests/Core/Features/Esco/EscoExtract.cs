using System.IO.Compression;
using System.Text;

namespace MatchModels.Core.Tests.Features.Esco;

/// <summary>
/// Derives data/esco/skills.tsv.gz from the ESCO v1.0 CSV download (skills_fr, skills_en-us,
/// broaderRelationsSkillPillar): one line per skill concept with its English and French labels and its broader
/// skills, descriptions dropped. Lives with the tests so that the shipped file is checked to be exactly this
/// derivation of the published data, and nothing written by hand.
/// </summary>
internal static class EscoExtract
{
    private const string SkillPrefix = "http://data.europa.eu/esco/skill/";

    public static string Header => "id\ttype\ten\tfr\tbroader";

    public static string BuildTsv(string escoFolder)
    {
        List<Dictionary<string, string>> fr = ReadCsvGz(Path.Combine(escoFolder, "skills_fr.csv.gz"));
        Dictionary<string, Dictionary<string, string>> en = ReadCsvGz(Path.Combine(escoFolder, "skills_en-us.csv.gz"))
            .ToDictionary(r => r["conceptUri"], StringComparer.Ordinal);
        var broader = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (Dictionary<string, string> r in ReadCsvGz(Path.Combine(escoFolder, "broaderRelationsSkillPillar.csv.gz")))
        {
            // Skill-to-skill links only: most skill groups have no label in this extract.
            if (r["conceptType"] == "KnowledgeSkillCompetence" && r["broaderType"] == "KnowledgeSkillCompetence")
            {
                if (!broader.TryGetValue(r["conceptUri"], out List<string>? parents))
                {
                    broader[r["conceptUri"]] = parents = [];
                }

                parents.Add(Id(r["broaderUri"]));
            }
        }

        var sb = new StringBuilder().Append(Header).Append('\n');
        foreach (Dictionary<string, string> f in fr)
        {
            string uri = f["conceptUri"];
            Dictionary<string, string> e = en[uri];
            string type = f["skillType"].Contains("knowledge", StringComparison.Ordinal) && !f["skillType"].Contains("skill", StringComparison.Ordinal)
                ? "knowledge"
                : "skill";
            sb.Append(Id(uri)).Append('\t')
                .Append(type).Append('\t')
                .Append(Labels(e)).Append('\t')
                .Append(Labels(f)).Append('\t')
                .Append(broader.TryGetValue(uri, out List<string>? p) ? string.Join('|', p.Order(StringComparer.Ordinal)) : "")
                .Append('\n');
        }

        return sb.ToString();
    }

    public static byte[] Gzip(string tsv)
    {
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            byte[] bytes = Encoding.UTF8.GetBytes(tsv);
            gz.Write(bytes);
        }

        return buffer.ToArray();
    }

    private static string Id(string uri) =>
        uri.StartsWith(SkillPrefix, StringComparison.Ordinal) ? uri[SkillPrefix.Length..] : throw new FormatException($"not an ESCO skill URI: {uri}");

    private static string Labels(Dictionary<string, string> row)
    {
        IEnumerable<string> all = new[] { row["preferredLabel"] }
            .Concat(row["altLabels"].Split('\n'))
            .Select(l => l.Trim())
            .Where(l => l.Length > 0)
            .Distinct(StringComparer.Ordinal);
        return string.Join('|', all);
    }

    /// <summary>RFC 4180: quoted cells may hold commas, doubled quotes and line breaks.</summary>
    private static List<Dictionary<string, string>> ReadCsvGz(string path)
    {
        using var gz = new GZipStream(File.OpenRead(path), CompressionMode.Decompress);
        using var reader = new StreamReader(gz, Encoding.UTF8);
        string text = reader.ReadToEnd();
        var records = new List<List<string>>();
        var record = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(cell.ToString());
                cell.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                cell.Append(c);
            }
        }

        if (cell.Length > 0 || record.Count > 0)
        {
            record.Add(cell.ToString());
            records.Add(record);
        }

        List<string> header = records[0];
        return records.Skip(1)
            .Where(r => r.Count == header.Count)
            .Select(r => header.Select((h, i) => (h, v: r[i])).ToDictionary(x => x.h, x => x.v, StringComparer.Ordinal))
            .ToList();
    }
}
