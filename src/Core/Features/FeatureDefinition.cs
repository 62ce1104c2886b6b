namespace MatchModels.Core.Features;

public enum FeatureType
{
    /// <summary>A real number.</summary>
    Numeric,

    /// <summary>0 or 1.</summary>
    Binary,

    /// <summary>A non-negative whole number.</summary>
    Count,
}

/// <summary>One model input: its name (as pipelines and model.json name it), its type, what it means and which profile fields it reads.</summary>
public sealed record FeatureDefinition(string Name, FeatureType Type, string Definition)
{
    /// <summary>The participants fields it reads (ADR 0022); a feature of the pairs and sessions alone needs none.</summary>
    public FeatureNeeds Needs { get; init; } = FeatureNeeds.Nothing;
}

/// <summary>Features computed for many pairs: row-major, <see cref="Names"/>.Length values per row.</summary>
public sealed record FeatureMatrix(IReadOnlyList<string> Names, float[] Values, int Rows)
{
    public int Width => Names.Count;

    public ReadOnlySpan<float> Row(int i) => Values.AsSpan(i * Width, Width);

    public float this[int row, string name] => Values[(row * Width) + IndexOf(name)];

    public int IndexOf(string name)
    {
        for (int i = 0; i < Names.Count; i++)
        {
            if (Names[i] == name)
            {
                return i;
            }
        }

        throw new KeyNotFoundException($"no feature named '{name}'");
    }
}
