using System.Text.Json;
using MatchModels.Serving.Scoring;

namespace MatchModels.Serving.Tests.Scoring;

/// <summary>Request times: the documented UTC form takes a fast reader, every other accepted form the general one, and all mean the same instant.</summary>
public sealed class JsonFieldsTimeTests
{
    private static (DateTime? Time, IReadOnlyList<FieldError> Errors) Read(string value)
    {
        using JsonDocument doc = JsonDocument.Parse(JsonSerializer.Serialize(new { as_of = value }));
        var f = new JsonFields();
        DateTime? t = f.Time(doc.RootElement, "$", "as_of", required: true);
        return (t, f.Errors);
    }

    [Theory]
    [InlineData("2025-03-01T10:00:00Z")]
    [InlineData("2025-03-01T10:00:00.000Z")]
    [InlineData("2025-03-01T11:00:00+01:00")]
    [InlineData("2025-03-01T05:00:00-05:00")]
    [InlineData("2025-03-01T10:00:00")]
    [InlineData("2025-03-01 10:00:00Z")]
    public void Every_accepted_form_reads_as_the_same_utc_instant(string value)
    {
        (DateTime? t, IReadOnlyList<FieldError> errors) = Read(value);

        Assert.Empty(errors);
        Assert.Equal(new DateTime(2025, 3, 1, 10, 0, 0, DateTimeKind.Utc), t);
        Assert.Equal(DateTimeKind.Utc, t!.Value.Kind);
    }

    [Theory]
    [InlineData("2025-02-30T00:00:00Z")]
    [InlineData("2025-03-01T25:00:00Z")]
    [InlineData("yesterdayZ")]
    [InlineData("Z")]
    public void An_impossible_time_is_a_field_error_whichever_reader_tried_first(string value)
    {
        (DateTime? t, IReadOnlyList<FieldError> errors) = Read(value);

        Assert.Null(t);
        FieldError error = Assert.Single(errors);
        Assert.Equal("$.as_of", error.Path);
        Assert.Contains("ISO 8601", error.Message, StringComparison.Ordinal);
    }
}
