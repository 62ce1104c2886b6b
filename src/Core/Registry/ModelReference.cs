using System.Globalization;
using System.Text.RegularExpressions;

namespace MatchModels.Core.Registry;

/// <summary>
/// NAME, NAME:VERSION or NAME@ALIAS, as typed on the command line and in API routes. A bare NAME means the
/// champion when there is one, else the latest version.
/// </summary>
public sealed partial record ModelReference(string Name, int? Version, string? Alias)
{
    public const string Champion = "champion";

    public static ModelReference Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int colon = text.IndexOf(':', StringComparison.Ordinal);
        int at = text.IndexOf('@', StringComparison.Ordinal);
        if (colon >= 0 && at >= 0)
        {
            throw new RegistryException($"'{text}' names both a version and an alias: use NAME:VERSION or NAME@ALIAS", RegistryFailure.InvalidReference);
        }

        if (colon >= 0)
        {
            string v = text[(colon + 1)..];
            if (!int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version < 1)
            {
                throw new RegistryException($"'{text}': the version after ':' must be a positive whole number, found '{v}'", RegistryFailure.InvalidReference);
            }

            return new ModelReference(CheckName(text[..colon]), version, null);
        }

        if (at >= 0)
        {
            return new ModelReference(CheckName(text[..at]), null, CheckAlias(text[(at + 1)..]));
        }

        return new ModelReference(CheckName(text), null, null);
    }

    /// <summary>Model names become folder names: lower-case letters, digits, '.', '_' and '-', starting with a letter or digit.</summary>
    public static string CheckName(string name)
    {
        if (!NamePattern().IsMatch(name))
        {
            throw new RegistryException($"'{name}' is not a valid model name: use 1–64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit", RegistryFailure.InvalidReference);
        }

        return name;
    }

    public static string CheckAlias(string alias)
    {
        if (!NamePattern().IsMatch(alias))
        {
            throw new RegistryException($"'{alias}' is not a valid alias: use 1–64 lower-case letters, digits, '.', '_' or '-', starting with a letter or digit", RegistryFailure.InvalidReference);
        }

        return alias;
    }

    public override string ToString() => Version is { } v ? $"{Name}:{v}" : Alias is { } a ? $"{Name}@{a}" : Name;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
