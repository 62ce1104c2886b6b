using MatchModels.Core.History;
using MatchModels.Core.Tables;

namespace MatchModels.Tests.Shared;

/// <summary>
/// Histories with extra participant columns, in participants order, as a company's export would carry them; and the
/// sample with a fixed set of declared columns (ADR 0021) with the pipeline that declares them.
/// </summary>
internal static class HistoryWithColumns
{
    public const string Columns = """

        columns:
          - name: band
            type: category
            values: [junior, mid, senior]
            features: [mentee, mentor, same]
          - name: rating
            type: numeric
            optional: true
            features: [mentee, mentor, abs_diff]
          - name: remote
            type: boolean
            features: [same]
          - name: clubs
            type: list
            features: [overlap, mentor]
          - name: ethnicity
            type: category
            audit_only: true

        """;

    /// <summary>The sample history, with the test's columns derived from each participant's own fields (every ninth rating missing).</summary>
    public static async Task<ProgrammeHistory> WriteSampleAsync(string directory, TableFormat format)
    {
        ProgrammeHistory sample = (await LoadProgrammeHistory.FromDirectoryAsync(RepoPaths.Sample)).History!;
        IReadOnlyList<Participant> p = sample.Participants;
        string[] clubs = ["chess", "golf", "tennis", "choir"];
        await HistoryWithColumns.WriteAsync(sample, directory, format,
            TableColumn.From("band", p.Select(x => (string?)(x.JobLevel <= 3 ? "junior" : x.JobLevel <= 6 ? "mid" : "senior")).ToArray()),
            TableColumn.From("rating", p.Select((x, i) => i % 9 == 0 ? null : (double?)Math.Round(x.TenureYears!.Value % 5, 1)).ToArray()),
            TableColumn.From("remote", p.Select(x => (bool?)(x.TimezoneOffsetH < 1)).ToArray()),
            TableColumn.From("clubs", p.Select((x, i) => (string[]?)[clubs[i % 4], clubs[(i / 4) % 4]]).ToArray()),
            TableColumn.From("ethnicity", p.Select((x, i) => (string?)(i % 3 == 0 ? "a" : "b")).ToArray()));
        return sample;
    }

    public static async Task<string> WritePipelineAsync(string directory)
    {
        string yaml = (await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "pipelines", "pair-success.yaml")))
            .Replace("attributes: [gender, age_band, department, site]", "attributes: [gender, ethnicity, band]", StringComparison.Ordinal);
        string path = Path.Combine(directory, "pair-success-columns.yaml");
        await File.WriteAllTextAsync(path, yaml + Columns);
        return path;
    }

    public static async Task WriteAsync(ProgrammeHistory history, string directory, TableFormat format, params TableColumn[] extra)
    {
        await WriteProgrammeHistory.ToDirectoryAsync(history, directory, format);
        Table plain = HistoryTables.ToTable(history.Participants);
        var table = new Table(plain.Name, plain.File, plain.RowCount, [.. plain.Columns, .. extra]);
        await TableWriter.WriteAsync(table, Path.Combine(directory, "participants" + TableFormats.Extension(format)), format);
    }
}
