using System.Reflection;

namespace MatchModels.Core;

/// <summary>
/// What a build says about itself: the version and the git commit it was built from. The .NET SDK's source-control
/// support writes the commit into AssemblyInformationalVersion as "1.0.0+&lt;sha&gt;" when the build runs in a git
/// checkout (Directory.Build.props).
/// </summary>
public static class BuildVersion
{
    /// <summary>The informational version, e.g. "1.0.0+3f2a…" (or just "1.0.0" when built outside git).</summary>
    public static string Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
    }

    /// <summary>The version without the commit.</summary>
    public static string Number(Assembly assembly) => Of(assembly).Split('+')[0];

    /// <summary>The git commit the assembly was built from, or null when it was built outside a git checkout.</summary>
    public static string? Commit(Assembly assembly) => Of(assembly).Split('+') is [_, { Length: > 0 } sha, ..] ? sha : null;
}
