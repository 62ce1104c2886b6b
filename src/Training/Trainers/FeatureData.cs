using Microsoft.ML;
using Microsoft.ML.Data;

namespace MatchModels.Training.Trainers;

/// <summary>Row-major float features (and labels) as an ML.NET IDataView with a Features vector column of the right width.</summary>
public static class FeatureData
{
    public const string FeaturesColumn = "Features";
    public const string LabelColumn = "Label";
    public const string ScoreColumn = "Score";

    public sealed class Row
    {
        public float[] Features { get; set; } = [];

        public bool Label { get; set; }
    }

    public static IDataView Load(MLContext ml, float[] rowMajor, int rows, int width, bool[]? labels)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var items = new Row[rows];
        for (int r = 0; r < rows; r++)
        {
            items[r] = new Row { Features = rowMajor.AsSpan(r * width, width).ToArray(), Label = labels?[r] ?? false };
        }

        return ml.Data.LoadFromEnumerable(items, schema);
    }

    /// <summary>The raw (uncalibrated) score column after <paramref name="model"/> has transformed <paramref name="data"/>.</summary>
    public static double[] Scores(ITransformer model, IDataView data)
    {
        IDataView scored = model.Transform(data);
        return scored.GetColumn<float>(ScoreColumn).Select(s => (double)s).ToArray();
    }
}
