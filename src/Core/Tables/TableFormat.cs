namespace MatchModels.Core.Tables;

public enum TableFormat
{
    Parquet,
    Csv,
}

public static class TableFormats
{
    public static string Extension(TableFormat f) => f == TableFormat.Parquet ? ".parquet" : ".csv";

    public static TableFormat? FromExtension(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".parquet" => TableFormat.Parquet,
        ".csv" => TableFormat.Csv,
        _ => null,
    };

    public static TableFormat Parse(string s) => s.ToLowerInvariant() switch
    {
        "parquet" => TableFormat.Parquet,
        "csv" => TableFormat.Csv,
        _ => throw new FormatException($"unknown format '{s}': expected parquet or csv"),
    };
}
