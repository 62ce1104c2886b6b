namespace MatchModels.Tests.Shared;

/// <summary>Finds the repository root from the test's output folder, so tests can read data/ and fixtures.</summary>
/// <remarks>Compiled into every test project from tests/Shared, so there is one copy.</remarks>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    public static string Sample => Path.Combine(Root, "data", "sample");

    /// <summary>A hand-written history under tests/Core/Validation/Fixtures, read in place (tests never write there).</summary>
    public static string Fixture(string name) => Path.Combine(Root, "tests", "Core", "Validation", "Fixtures", name);

    private static string Find()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "MatchModels.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("MatchModels.sln not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A fresh temporary directory, deleted with the test.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "mm-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A fresh directory holding a copy of the files of <paramref name="source"/> (not its subdirectories).</summary>
    public static TempDir CopyOf(string source)
    {
        var dir = new TempDir();
        foreach (string file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, dir[System.IO.Path.GetFileName(file)]);
        }

        return dir;
    }

    /// <summary>A fresh directory holding a copy of everything under <paramref name="source"/>, subdirectories included.</summary>
    public static TempDir CopyTreeOf(string source)
    {
        var dir = new TempDir();
        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string target = System.IO.Path.Combine(dir.Path, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        return dir;
    }

    public string this[string name] => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A test that left a file open must not hide its own failure behind this one.
        }
    }
}
