namespace MatchModels.Training.Pipelines;

/// <summary>The snake_case spelling a pipeline file uses for each value of an enum, both ways.</summary>
internal sealed class YamlNames<T>
    where T : struct, Enum
{
    private readonly Dictionary<T, string> _byValue;
    private readonly Dictionary<string, T> _byName;

    public YamlNames(params (T Value, string Name)[] entries)
    {
        _byValue = entries.ToDictionary(e => e.Value, e => e.Name);
        _byName = entries.ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
        if (_byValue.Count != Enum.GetValues<T>().Length)
        {
            // A new enum value without a spelling would only show up when a run record is written.
            throw new InvalidOperationException($"every {typeof(T).Name} value needs a YAML name");
        }

        Names = entries.Select(e => e.Name).ToArray();
    }

    /// <summary>In declaration order, for error messages and documentation.</summary>
    public IReadOnlyList<string> Names { get; }

    public string Of(T value) => _byValue[value];

    public bool TryParse(string name, out T value) => _byName.TryGetValue(name, out value);
}
