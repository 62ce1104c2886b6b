using System.Globalization;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;

namespace MatchModels.Training.Evaluation;

/// <summary>
/// The generator's ground truth (truth.parquet or truth.csv beside the tables: pair_id, p_success, p_dropout),
/// when present. Real programme data has none; then there is simply no oracle to compare with.
/// </summary>
public static class GroundTruthScores
{
    public static async Task<IReadOnlyDictionary<string, double>?> LoadAsync(string directory, string column, CancellationToken ct = default)
    {
        string? path = new[] { "truth.parquet", "truth.csv" }.Select(f => Path.Combine(directory, f)).FirstOrDefault(File.Exists);
        if (path is null)
        {
            return null;
        }

        var problems = new ProblemList();
        RawTable? raw = path.EndsWith(".parquet", StringComparison.Ordinal)
            ? await ParquetTableReader.ReadAsync(path, problems, ct)
            : CsvTableReader.Read(path, problems);
        RawColumn? ids = raw?.Columns.FirstOrDefault(c => c.Name == "pair_id");
        RawColumn? values = raw?.Columns.FirstOrDefault(c => c.Name == column);
        if (raw is null || ids?.Values is not string?[] idValues || values is null)
        {
            return null;
        }

        var truth = new Dictionary<string, double>(raw.RowCount, StringComparer.Ordinal);
        for (int i = 0; i < raw.RowCount; i++)
        {
            double? v = values.Values switch
            {
                double?[] d => d[i],
                string?[] s when double.TryParse(s[i], NumberStyles.Float, CultureInfo.InvariantCulture, out double x) => x,
                _ => null,
            };
            if (idValues[i] is { } id && v is { } p)
            {
                truth[id] = p;
            }
        }

        return truth;
    }
}
