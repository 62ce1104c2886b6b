namespace MatchModels.Core.Columns;

/// <summary>
/// One participant's value of a declared column: a number (numeric, integer, boolean as 1 or 0), a text (category,
/// text) or a list; all three null when the value is missing.
/// </summary>
public readonly record struct CustomValue(double? Number, string? Text, IReadOnlyList<string>? Items)
{
    public static CustomValue Missing => default;

    public bool IsMissing => Number is null && Text is null && Items is null;

    public static CustomValue Of(double number) => new(number, null, null);

    public static CustomValue Of(bool flag) => new(flag ? 1 : 0, null, null);

    public static CustomValue Of(string text) => new(null, text, null);

    public static CustomValue Of(IReadOnlyList<string> items) => new(null, null, items);
}
