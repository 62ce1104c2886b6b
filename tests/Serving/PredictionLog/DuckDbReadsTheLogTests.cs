using System.Globalization;
using DuckDB.NET.Data;
using MatchModels.Core.PredictionLog;

namespace MatchModels.Serving.Tests.PredictionLog;

/// <summary>The log folder is a table to DuckDB as it stands (hive partitions, write-ahead files beside them), and the README's query runs on it as written.</summary>
public sealed class DuckDbReadsTheLogTests
{
    [Fact]
    public async Task DuckDB_reads_the_predictions_folder_as_a_hive_partitioned_table_with_a_day_column()
    {
        using var dir = new TempDir();
        var start = new DateTime(2025, 3, 30, 22, 0, 0, DateTimeKind.Utc);
        // 200 records ten minutes apart from 22:00 on 30 March: 12 on the 30th, 144 on the 31st, 44 on 1 April; each has 5 features.
        var records = Enumerable.Range(0, 200).Select(i => PredictionLogTests.Record(i, start.AddMinutes(10 * i))).ToList();
        using (var writer = PredictionLogTests.Writer(dir.Path))
        {
            await writer.StartAsync(default);
            await writer.AppendAsync(records);
            // One more on the first day, from another request.
            await writer.AppendAsync(PredictionLogTests.Record(1_000, start));
            await writer.StopAsync(default);
        }

        string glob = Path.Combine(dir.Path, PredictionLogReader.PredictionsFolder, "**", "*.parquet");
        using var db = new DuckDBConnection("DataSource=:memory:");
        db.Open();
        using DuckDBCommand query = db.CreateCommand();
        query.CommandText = $"""
            SELECT CAST(day AS VARCHAR) AS day, count(*) AS n, CAST(sum(len(features)) AS BIGINT) AS width, count(DISTINCT model) AS models
            FROM read_parquet('{glob}', hive_partitioning = true)
            GROUP BY day ORDER BY day
            """;
        var rows = new List<(string Day, long N, long Width, long Models)>();
        using (var reader = query.ExecuteReader())
        {
            while (reader.Read())
            {
                rows.Add((reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3)));
            }
        }

        Assert.Equal([("2025-03-30", 13L, 65L, 1L), ("2025-03-31", 144L, 720L, 1L), ("2025-04-01", 44L, 220L, 1L)], rows);

        // The README's query, as written there, on this folder from 31 March: rows by day, model and version (1 + i % 3).
        using DuckDBCommand readme = db.CreateCommand();
        readme.CommandText = ReadmeQuery().Replace("DIR", dir.Path, StringComparison.Ordinal).Replace("2025-03-01", "2025-03-31", StringComparison.Ordinal);
        var counts = new List<(string Day, int Version, long N)>();
        using (var reader = readme.ExecuteReader())
        {
            while (reader.Read())
            {
                Assert.Equal("pair-success", reader.GetString(1));
                counts.Add((reader.GetFieldValue<DateOnly>(0).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), reader.GetInt32(2), reader.GetInt64(3)));
            }
        }

        Assert.Equal(
            records.Where(r => r.TimeUtc >= new DateTime(2025, 3, 31, 0, 0, 0, DateTimeKind.Utc))
                .GroupBy(r => (Day: r.TimeUtc.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Version))
                .Select(g => (g.Key.Day, g.Key.Version, (long)g.Count())).Order(),
            counts);
    }

    /// <summary>The first <c>sql</c> block of the README.</summary>
    private static string ReadmeQuery()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        const string Fence = "```sql\n";
        int start = readme.IndexOf(Fence, StringComparison.Ordinal) + Fence.Length;
        return readme[start..readme.IndexOf("```", start, StringComparison.Ordinal)];
    }
}
