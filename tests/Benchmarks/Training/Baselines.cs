using System.Globalization;
using MatchModels.Core.Features;
using MatchModels.Core.History;
using MatchModels.Core.Schemas;
using MatchModels.Core.Tables;
using MatchModels.Core.Validation;
using MatchModels.Training.Evaluation;
using MatchModels.Training.Pipelines;
using MatchModels.Training.Splits;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace MatchModels.Benchmarks.Training;

/// <summary>
/// Issue 13's comparison: the pipeline's test AUC against a plain logistic regression and a gradient-boosting model that
/// ML.NET fits on the tables' own columns, on the same train and test rows, with no feature of ours. Each side's columns
/// are every participants column (the schema's and a company's own) as the table holds it, read generically: numbers as
/// they are, booleans as 0/1, text as one-hot over its 30 most frequent values, lists as one-hot over their 30 most
/// frequent items, each with a missing indicator; for drop-out also the sessions before the cut-off (count, minutes, mean
/// ratings). Prints each AUC with its 95% stratified bootstrap interval, the paired difference pipeline − baseline with
/// its interval, and the generator's oracle AUC when the folder has a truth file.
/// Usage: <c>dotnet run -c Release --project tests/Benchmarks -- baselines PIPELINE.yaml DATA_DIR RUN_DIR</c>, RUN_DIR
/// being the pipeline's run on DATA_DIR (its test-predictions.csv).
/// </summary>
public static class Baselines
{
    private const int TopValues = 30;
    private const int Resamples = 1000;

    /// <summary>Identifiers, dates, free text and audit attributes: never a baseline column.</summary>
    private static readonly HashSet<string> s_skipped = new(StringComparer.Ordinal)
    {
        "participant_id", "programme_id", "cohort_id", "role", "joined_at", "manager_id", "goals_text", "gender", "age_band",
    };

    public static async Task<int> RunAsync(string pipelinePath, string dataDir, string runDir)
    {
        PipelineSpec spec = PipelineFile.Load(pipelinePath);
        HistoryLoadResult loaded = await LoadProgrammeHistory.FromDirectoryAsync(dataDir);
        if (!loaded.Ok)
        {
            Console.Error.WriteLine($"{dataDir}: {loaded.ProblemCount} problem(s), first: {loaded.Problems[0]}");
            return 1;
        }

        ProgrammeHistory history = loaded.History!;
        LabelledPairs labelled = new LabelRules(spec, history).Apply();
        List<Pair> pairs = [.. labelled.Rows.Select(r => r.Pair)];
        bool[] labels = [.. labelled.Rows.Select(r => r.Label)];
        TemporalSplit split = TemporalHoldout.Split(pairs, spec.Split.TestCohorts);

        PairFeatureBuilder builder = spec.FeatureBuilder;
        var index = new PointInTimeHistory(history);
        PersonColumns people = await PersonColumns.ReadAsync(loaded.Files.Single(f => f.Table == "participants").Path, split.Train.Select(i => pairs[i]).ToList());
        var sessions = history.Sessions.GroupBy(s => s.PairId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
        bool withSessions = spec.Task == PipelineTask.Dropout;
        float[][] rows = [.. pairs.Select(p => Row(p, builder.CutOff(p), people, withSessions ? sessions.GetValueOrDefault(p.PairId) ?? [] : null))];

        int[] train = [.. split.Train], test = [.. split.Test];
        bool[] testY = [.. test.Select(i => labels[i])];
        Console.WriteLine($"{spec.Name} on {dataDir}: {pairs.Count:N0} labelled pairs, train {train.Length:N0} (cohorts {string.Join(", ", split.TrainCohorts)}), " +
            $"test {test.Length:N0} (cohorts {string.Join(", ", split.TestCohorts)}), {rows[0].Length} raw columns for the baselines");

        Dictionary<string, double> pipeline = ReadRunPredictions(Path.Combine(runDir, "test-predictions.csv"));
        double[] pipelineP = [.. test.Select(i => pipeline.TryGetValue(pairs[i].PairId, out double p) ? p
            : throw new InvalidOperationException($"{runDir}: test-predictions.csv has no row for test pair {pairs[i].PairId}; was the run trained on {dataDir}?"))];
        var ml = new MLContext(seed: 1);
        double[] logistic = Fit(ml, rows, labels, train, test, lightGbm: false);
        double[] boosted = Fit(ml, rows, labels, train, test, lightGbm: true);

        Report("pipeline", pipelineP, null, testY);
        Report("ML.NET logistic regression on the raw columns", logistic, pipelineP, testY);
        Report("ML.NET LightGBM on the raw columns", boosted, pipelineP, testY);
        if (Oracle(dataDir, spec.Task) is { } truth)
        {
            double[] oracleP = [.. test.Select(i => truth[pairs[i].PairId])];
            double oracle = BinaryMetrics.RocAuc(oracleP, testY);
            Console.WriteLine($"oracle (the generator's truth) AUC {oracle:F3} {Interval(oracleP, null, testY)}; pipeline / oracle {BinaryMetrics.RocAuc(pipelineP, testY) / oracle:F3}");
        }

        return 0;
    }

    private static void Report(string name, double[] p, double[]? pipeline, bool[] y)
    {
        string line = $"{name}: AUC {BinaryMetrics.RocAuc(p, y):F3} {Interval(p, null, y)}";
        if (pipeline is not null)
        {
            line += $"; pipeline − this {BinaryMetrics.RocAuc(pipeline, y) - BinaryMetrics.RocAuc(p, y):+0.000;-0.000} {Interval(pipeline, p, y)}";
        }

        Console.WriteLine(line);
    }

    /// <summary>95% stratified percentile bootstrap of AUC(a), or of AUC(a) − AUC(b) on the same resampled rows.</summary>
    private static string Interval(double[] a, double[]? b, bool[] y)
    {
        int[] pos = [.. Enumerable.Range(0, y.Length).Where(i => y[i])], neg = [.. Enumerable.Range(0, y.Length).Where(i => !y[i])];
        var random = new Random(20261202);
        var values = new double[Resamples];
        var ra = new double[y.Length];
        var rb = new double[y.Length];
        var ry = new bool[y.Length];
        for (int r = 0; r < Resamples; r++)
        {
            int k = 0;
            foreach (int[] group in new[] { pos, neg })
            {
                for (int j = 0; j < group.Length; j++, k++)
                {
                    int i = group[random.Next(group.Length)];
                    ra[k] = a[i];
                    rb[k] = b?[i] ?? 0;
                    ry[k] = y[i];
                }
            }

            values[r] = BinaryMetrics.RocAuc(ra, ry) - (b is null ? 0 : BinaryMetrics.RocAuc(rb, ry));
        }

        Array.Sort(values);
        return string.Create(CultureInfo.InvariantCulture, $"[{values[(int)(0.025 * Resamples)]:F3}, {values[(int)(0.975 * Resamples) - 1]:F3}]");
    }

    private static double[] Fit(MLContext ml, float[][] rows, bool[] labels, int[] train, int[] test, bool lightGbm)
    {
        int width = rows[0].Length;
        SchemaDefinition schema = SchemaDefinition.Create(typeof(Example));
        schema[nameof(Example.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        IDataView trainData = ml.Data.LoadFromEnumerable(train.Select(i => new Example { Features = rows[i], Label = labels[i] }), schema);
        IDataView testData = ml.Data.LoadFromEnumerable(test.Select(i => new Example { Features = rows[i], Label = labels[i] }), schema);
        IEstimator<ITransformer> trainer = lightGbm
            ? ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options { NumberOfThreads = 1, Seed = 1, Deterministic = true })
            : ml.Transforms.NormalizeMeanVariance(nameof(Example.Features)).Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        ITransformer model = trainer.Fit(trainData);
        return [.. model.Transform(testData).GetColumn<float>("Probability").Select(p => (double)p)];
    }

    private sealed class Example
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    private static float[] Row(Pair pair, DateTime cutOff, PersonColumns people, Session[]? sessions)
    {
        var row = new List<float>(2 * people.Width + 4);
        people.Append(pair.MenteeId, row);
        people.Append(pair.MentorId, row);
        if (sessions is not null)
        {
            Session[] before = [.. sessions.Where(s => s.HeldAt <= cutOff)];
            row.Add(before.Length);
            row.Add((float)before.Sum(s => s.DurationMin));
            row.Add(Mean(before.Select(s => s.MenteeRating)));
            row.Add(Mean(before.Select(s => s.MentorRating)));
        }

        return [.. row];
    }

    private static float Mean(IEnumerable<int?> values)
    {
        int[] known = [.. values.OfType<int>()];
        return known.Length == 0 ? 0 : (float)known.Average();
    }

    private static Dictionary<string, double> ReadRunPredictions(string path)
    {
        var p = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines(path).Skip(1))
        {
            string[] f = line.Split(',');
            p[f[0]] = double.Parse(f[3], CultureInfo.InvariantCulture);
        }

        return p;
    }

    private static Dictionary<string, double>? Oracle(string dataDir, PipelineTask task)
    {
        string? file = Directory.EnumerateFiles(dataDir, "truth.*").FirstOrDefault();
        if (file is null)
        {
            return null;
        }

        var problems = new ProblemList();
        RawTable raw = (file.EndsWith(".csv", StringComparison.Ordinal) ? CsvTableReader.Read(file, problems) : ParquetTableReader.ReadAsync(file, problems).GetAwaiter().GetResult())!;
        string[] ids = [.. ((Array)raw.Columns.Single(c => c.Name == "pair_id").Values).Cast<object?>().Select(v => v!.ToString()!)];
        double[] p = [.. ((Array)raw.Columns.Single(c => c.Name == (task == PipelineTask.Dropout ? "p_dropout" : "p_success")).Values).Cast<object?>()
            .Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture))];
        return ids.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => p[x.i], StringComparer.Ordinal);
    }

    /// <summary>Every usable participants column, encoded generically from the file as written (no schema knowledge).</summary>
    private sealed class PersonColumns
    {
        private readonly Dictionary<string, float[]> _byId;

        private PersonColumns(Dictionary<string, float[]> byId, int width)
        {
            _byId = byId;
            Width = width;
        }

        public int Width { get; }

        public void Append(string id, List<float> row) => row.AddRange(_byId[id]);

        /// <summary>Reads the file; categories and list items are those most frequent among the training pairs' participants.</summary>
        public static async Task<PersonColumns> ReadAsync(string path, IReadOnlyList<Pair> trainPairs)
        {
            var problems = new ProblemList();
            RawTable raw = (path.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) ? CsvTableReader.Read(path, problems) : await ParquetTableReader.ReadAsync(path, problems))!;
            string[] ids = [.. Text(raw.Columns.Single(c => c.Name == "participant_id")).Select(v => v!)];
            var inTraining = trainPairs.SelectMany(p => new[] { p.MenteeId, p.MentorId }).ToHashSet(StringComparer.Ordinal);
            var encoders = new List<Func<int, IEnumerable<float>>>();
            foreach (RawColumn column in raw.Columns.Where(c => !s_skipped.Contains(c.Name)))
            {
                string?[] text = Text(column);
                double?[] numbers = [.. text.Select(Number)];
                if (text.All(t => string.IsNullOrEmpty(t) || Number(t) is not null))
                {
                    double fill = Median([.. numbers.Where((v, i) => v is not null && inTraining.Contains(ids[i])).Select(v => v!.Value)]);
                    encoders.Add(i => [(float)(numbers[i] ?? fill), numbers[i] is null ? 1 : 0]);
                    continue;
                }

                if (text.All(t => string.IsNullOrEmpty(t) || t is "true" or "false" or "True" or "False"))
                {
                    encoders.Add(i => [string.IsNullOrEmpty(text[i]) ? 0 : bool.Parse(text[i]!) ? 1 : 0, string.IsNullOrEmpty(text[i]) ? 1 : 0]);
                    continue;
                }

                string[][] items = [.. text.Select(t => string.IsNullOrEmpty(t) ? [] : t.Split(TableSchema.ListSeparator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))];
                string[] top = [.. items.Where((_, i) => inTraining.Contains(ids[i])).SelectMany(x => x).GroupBy(x => x, StringComparer.Ordinal)
                    .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Take(TopValues).Select(g => g.Key)];
                encoders.Add(i => [.. top.Select(v => items[i].Contains(v) ? 1f : 0f), items[i].Length == 0 ? 1 : 0]);
            }

            var byId = new Dictionary<string, float[]>(StringComparer.Ordinal);
            for (int i = 0; i < ids.Length; i++)
            {
                byId[ids[i]] = [.. encoders.SelectMany(e => e(i))];
            }

            return new PersonColumns(byId, byId.Values.First().Length);
        }

        private static string?[] Text(RawColumn column) =>
            [.. ((Array)column.Values).Cast<object?>().Select(v => v switch
            {
                null => null,
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                float f => f.ToString("R", CultureInfo.InvariantCulture),
                bool b => b ? "true" : "false",
                ReadOnlyMemory<char> m => m.ToString(),
                IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
                _ => v.ToString(),
            })];

        private static double? Number(string? s) =>
            double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;

        private static double Median(double[] values)
        {
            if (values.Length == 0)
            {
                return 0;
            }

            Array.Sort(values);
            return values[values.Length / 2];
        }
    }
}
