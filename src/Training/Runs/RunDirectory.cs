using System.Globalization;
using System.Text;
using MatchModels.Core.Registry;

namespace MatchModels.Training.Runs;

/// <summary>
/// models/&lt;name&gt;/runs/&lt;timestamp&gt;/: created before training starts so that even a failed run leaves a
/// record, with status.json saying "running" until the end overwrites it with "succeeded" or "failed".
/// Files are written aside and renamed, so a reader never sees half a file. The run holds its folder's lease
/// until disposed, so <see cref="TrainingRuns"/> can tell a run whose process was killed ("interrupted").
/// </summary>
public sealed class RunDirectory : IDisposable
{
    private readonly ProcessLease _lease;

    private RunDirectory(string path, string id, ProcessLease lease)
    {
        Path = path;
        Id = id;
        _lease = lease;
    }

    public string Path { get; }

    public string Id { get; }

    public static RunDirectory Create(string registry, string modelName, DateTimeOffset now)
    {
        string runs = System.IO.Path.Combine(registry, modelName, "runs");
        Directory.CreateDirectory(runs);
        string stamp = now.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        for (int n = 0; ; n++)
        {
            string id = n == 0 ? stamp : $"{stamp}-{n}";
            string path = System.IO.Path.Combine(runs, id);
            try
            {
                // CreateDirectory succeeds on an existing folder, so claim the name with a marker file instead.
                Directory.CreateDirectory(path);
                using (new FileStream(System.IO.Path.Combine(path, "status.json"), FileMode.CreateNew))
                {
                }

                var run = new RunDirectory(path, id, ProcessLease.Take(System.IO.Path.Combine(path, TrainingRuns.LeaseFile)));
                run.WriteText("status.json", "{\"status\": \"running\"}\n");
                return run;
            }
            catch (IOException) when (File.Exists(System.IO.Path.Combine(path, "status.json")))
            {
                // Another run started in the same second: take the next suffix.
            }
        }
    }

    public string PathOf(string name) => System.IO.Path.Combine(Path, name);

    public void WriteText(string name, string content) => WriteBytes(name, Encoding.UTF8.GetBytes(content));

    public void WriteBytes(string name, byte[] content)
    {
        string target = PathOf(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
        string aside = target + ".partial";
        System.IO.File.WriteAllBytes(aside, content);
        System.IO.File.Move(aside, target, overwrite: true);
    }

    /// <summary>Releases the run's lease: call once its final status is written.</summary>
    public void Dispose() => _lease.Dispose();
}
