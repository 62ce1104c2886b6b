using MatchModels.Core.Import;
using MatchModels.Core.Schemas;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Core.Tests.Import;

public sealed class ImportHistoryTests
{
    private static readonly string s_example = Path.Combine(RepoPaths.Root, "data", "import-example");

    [Fact]
    public async Task A_Parquet_export_file_with_typed_columns_imports_like_its_CSV()
    {
        using TempDir src = TempDir.CopyOf(s_example);
        RawTable csv = CsvTableReader.Read(src["meetings.csv"], new ProblemList())!;
        var columns = csv.Columns.Select(c => c.Name == "Minutes"
            ? TableColumn.From(c.Name, ((string?[])c.Values).Select(v => (double?)double.Parse(v!, System.Globalization.CultureInfo.InvariantCulture)).ToArray())
            : TableColumn.From(c.Name, (string?[])c.Values)).ToList();
        await TableWriter.WriteAsync(new Table("meetings", "meetings.parquet", csv.RowCount, columns), src["meetings.parquet"], TableFormat.Parquet);
        File.Delete(src["meetings.csv"]);
        string mapping = (await File.ReadAllTextAsync(src["mapping.yaml"])).Replace("file: meetings.csv", "file: meetings.parquet", StringComparison.Ordinal);
        await File.WriteAllTextAsync(src["mapping.yaml"], mapping);

        ImportReport report = await ImportHistory.RunAsync(src.Path, src["mapping.yaml"], src["out"]);

        Assert.True(report.Written, string.Join("\n", report.Problems));
        Assert.Equal(("meetings.parquet", 33), (report.Tables[2].SourceFile, report.Tables[2].Rows));
        Assert.True(File.Exists(Path.Combine(src["out"], "sessions.parquet")));
    }

    [Fact]
    public async Task An_empty_output_folder_is_filled_and_a_missing_export_folder_is_refused()
    {
        using var target = new TempDir();

        ImportReport report = await ImportHistory.RunAsync(s_example, Path.Combine(s_example, "mapping.yaml"), target.Path);
        var e = await Assert.ThrowsAsync<ImportMappingException>(() => ImportHistory.RunAsync(Path.Combine(target.Path, "nope"), Path.Combine(s_example, "mapping.yaml"), Path.Combine(target.Path, "h")));

        Assert.True(report.Written);
        Assert.Equal(HistorySchemas.All.Select(s => s.Name + ".parquet").Order(), Directory.EnumerateFiles(target.Path).Select(Path.GetFileName).Order());
        Assert.Contains("no such export folder", e.Message, StringComparison.Ordinal);
    }
}
