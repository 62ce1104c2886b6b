using System.Text.Json;
using System.Text.Json.Serialization;
using MatchModels.Core.Registry;
using MatchModels.Monitoring.Reports;
using MatchModels.Monitoring.Windows;

namespace MatchModels.Monitoring.Settings;

/// <summary>
/// The monitoring settings as JSON, the form kept in a version's folder (covered by the manifest's digests like every
/// file of the version) so that Monitoring reads them with System.Text.Json alone.
/// </summary>
public static class MonitoringSettingsFile
{
    public const string FileName = "monitoring.json";

    /// <summary>Snake-case names, enums as names, windows as text; unknown members refused, so a damaged file is not read as defaults.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower), new WindowText() },
    };

    public static string ToJson(MonitoringSettings settings) => JsonSerializer.Serialize(settings, Options);

    /// <summary>The settings kept with <paramref name="version"/>, or null for a version registered without them.</summary>
    /// <exception cref="MonitoringEvidenceException">The file is there but does not read as settings.</exception>
    public static MonitoringSettings? Read(ModelVersion version)
    {
        ArgumentNullException.ThrowIfNull(version);
        string path = version.PathOf(FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<MonitoringSettings>(File.ReadAllText(path), Options)
                ?? throw new JsonException("the file holds null");
        }
        catch (Exception e) when (e is JsonException or FormatException or NotSupportedException)
        {
            throw new MonitoringEvidenceException($"{path} does not hold monitoring settings: {e.Message}");
        }
    }

    /// <summary>A window as <c>monitor --window</c> writes it: day, week, month or a number of rows.</summary>
    private sealed class WindowText : JsonConverter<WindowSpec>
    {
        public override WindowSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            WindowSpec.Parse(reader.GetString() ?? throw new JsonException("a window must be a string"));

        public override void Write(Utf8JsonWriter writer, WindowSpec value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToString());
    }
}
