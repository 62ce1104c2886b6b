using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace MatchModels.Serving.Scoring;

/// <summary>
/// Reads a rank body from the request's pipe one mentor at a time, rather than parsing the whole body into one
/// <see cref="JsonDocument"/> first, which would hold the body's bytes and a 12-byte entry per token while the profiles
/// are read out of it (for 50,000 mentors about 35 MB plus 24 MB, beside the candidates themselves). Here each mentor
/// is parsed into its own small document, checked (text, fields), turned into a <see cref="Core.Scoring.MentorCandidate"/>
/// and released before the next one is read, so a request holds the candidates it will rank, the pipe's unread bytes
/// (at most one element beyond what was consumed) and the few other fields (mentee, as_of, top, filters, chain).
/// </summary>
/// <remarks>
/// Memory per request, measured on 50,000 mentors shaped like the sample's with their mentor_record
/// (<c>ReadRankBodyTests</c> prints it): 35 MB of JSON (708 bytes a mentor) become 63 MB of candidates (1,267 bytes
/// a mentor: the profile's strings in UTF-16, the lists, the records), and ranking adds the eligible mentors'
/// feature rows (4 bytes × the model's width each, pooled). The bound is <see cref="ServingOptions.MaxCandidates"/>
/// candidates within <c>Serving:MaxRankBodyBytes</c> of text, about twice the body at most since UTF-16 doubles ASCII;
/// <c>Serving:MaxConcurrentRequests</c> bounds how many such requests run at once.
/// </remarks>
public static class ReadRankBody
{
    /// <summary>
    /// Problems named before the reader stops parsing further mentors (it still counts them): a body of 50,000 bad
    /// profiles would otherwise make a problem response of megabytes, and the first hundred show what is wrong.
    /// </summary>
    public const int MaxReportedErrors = 100;

    public static Task<RankRequest> ReadAsync(HttpContext http, int maxCandidates, DateTime now) => ReadAsync(http, maxCandidates, now, []);

    /// <summary>As above, with profiles that carry the scored version's declared columns (<see cref="DeclaredProfileFields"/>).</summary>
    public static async Task<RankRequest> ReadAsync(
        HttpContext http, int maxCandidates, DateTime now, IReadOnlyList<MatchModels.Core.Columns.DeclaredColumn> declared, MatchModels.Core.Features.ProfileRequirements? required = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        PipeReader pipe = http.Request.BodyReader;
        using var body = new RankBody(maxCandidates, declared, required);
        while (true)
        {
            ReadResult read = await pipe.ReadAsync(http.RequestAborted);
            ReadOnlySequence<byte> buffer = read.Buffer;
            SequencePosition consumed;
            try
            {
                consumed = body.Feed(buffer, read.IsCompleted);
            }
            catch (Exception e) when (e is JsonException or RequestValidationException)
            {
                // The rest of the body is left unread: the server drains or closes the connection after the answer.
                pipe.AdvanceTo(buffer.Start, buffer.End);
                throw e is JsonException ? new RequestValidationException([new FieldError("$", $"the body is not valid JSON: {e.Message}")]) : e;
            }

            // Everything buffered was examined: the next read waits for more bytes rather than returning the same ones.
            pipe.AdvanceTo(consumed, buffer.End);
            if (read.IsCompleted)
            {
                break;
            }
        }

        return body.Finish(now);
    }

    /// <summary>The parse so far: where in the body the reader is, the top-level fields kept, the mentors parsed.</summary>
    private sealed class RankBody(int maxCandidates, IReadOnlyList<MatchModels.Core.Columns.DeclaredColumn> declared, MatchModels.Core.Features.ProfileRequirements? required) : IDisposable
    {
        private const string MentorsField = "mentors";

        private readonly JsonFields _fields = new();
        private readonly List<FieldError> _textErrors = [];
        private readonly Dictionary<string, JsonDocument> _head = new(StringComparer.Ordinal);
        private readonly List<(int Index, Core.Scoring.MentorCandidate Candidate)> _mentors = [];
        private JsonReaderState _state;
        private Stage _stage = Stage.BeforeRoot;
        private bool _sawMentors;
        private int _count;

        private enum Stage
        {
            BeforeRoot,
            InRoot,
            InMentors,
            Done,
        }

        /// <summary>Parses every whole element in <paramref name="buffer"/>; returns how far it got (the start of the first incomplete one).</summary>
        public SequencePosition Feed(ReadOnlySequence<byte> buffer, bool final)
        {
            var reader = new Utf8JsonReader(buffer, final, _state);
            while (true)
            {
                // A step either completes or is undone, so a step cut by the end of the buffer starts again with more bytes.
                Utf8JsonReader before = reader;
                if (!Step(ref reader))
                {
                    reader = before;
                    break;
                }
            }

            _state = reader.CurrentState;
            return buffer.GetPosition(reader.BytesConsumed);
        }

        public RankRequest Finish(DateTime now)
        {
            if (_stage != Stage.Done)
            {
                throw new RequestValidationException([new FieldError("$", "the body is not valid JSON: it ends before the object is closed")]);
            }

            if (!_sawMentors)
            {
                _fields.Add("$.mentors", "required field is missing");
            }
            else if (_count > maxCandidates)
            {
                _fields.Add("$.mentors", $"{_count} candidates is more than the maximum of {maxCandidates}");
            }

            if (_textErrors.Count > 0)
            {
                // A field that is not text cannot be read as a string, so the rest of the request is not parsed.
                throw new RequestValidationException([.. _fields.Errors, .. _textErrors]);
            }

            using JsonDocument head = Head();
            return ScoringRequests.Rank(_fields, head.RootElement, _mentors, now, declared, required);
        }

        public void Dispose()
        {
            foreach (JsonDocument d in _head.Values)
            {
                d.Dispose();
            }
        }

        /// <summary>Reads one token or one whole value; false when the buffer ends first.</summary>
        private bool Step(ref Utf8JsonReader reader)
        {
            switch (_stage)
            {
                case Stage.BeforeRoot:
                    if (!reader.Read())
                    {
                        return false;
                    }

                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        throw new RequestValidationException([new FieldError("$", $"expected an object, found {Kind(reader.TokenType)}")]);
                    }

                    _stage = Stage.InRoot;
                    return true;
                case Stage.InRoot:
                    return Field(ref reader);
                case Stage.InMentors:
                    return Mentor(ref reader);
                default:
                    // Only whitespace may follow the object: the reader throws on anything else.
                    _ = reader.Read();
                    return false;
            }
        }

        private bool Field(ref Utf8JsonReader reader)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                _stage = Stage.Done;
                return true;
            }

            string? name = Name(ref reader);
            if (name == MentorsField)
            {
                if (!reader.Read())
                {
                    return false;
                }

                if (_sawMentors)
                {
                    throw new RequestValidationException([new FieldError("$.mentors", "given more than once")]);
                }

                if (reader.TokenType == JsonTokenType.StartArray)
                {
                    _sawMentors = true;
                    _stage = Stage.InMentors;
                    return true;
                }

                // Read past it as any other value, then say what it was; null counts as absent, as everywhere else.
                JsonTokenType found = reader.TokenType;
                if (!reader.TrySkip())
                {
                    return false;
                }

                if (found != JsonTokenType.Null)
                {
                    _sawMentors = true;
                    _fields.Add("$.mentors", $"expected an array of mentor profiles, found {Kind(found)}");
                }

                return true;
            }

            if (!JsonDocument.TryParseValue(ref reader, out JsonDocument? value))
            {
                return false;
            }

            if (name is null)
            {
                value.Dispose();
                _textErrors.Add(new FieldError("$", "has a field name that is not valid text (bytes that are not UTF-8, or an escaped unpaired surrogate)"));
                return true;
            }

            if (!_head.TryAdd(name, value))
            {
                value.Dispose();
                _fields.Add("$." + name, "given more than once");
                return true;
            }

            CheckTextIsUnicode.Check(value.RootElement, "$." + name, _textErrors);
            return true;
        }

        private bool Mentor(ref Utf8JsonReader reader)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                _stage = Stage.InRoot;
                return true;
            }

            // Past the limit, or with enough problems to answer, the rest are only counted.
            if (_count >= maxCandidates || _fields.Errors.Count + _textErrors.Count >= MaxReportedErrors)
            {
                if (!reader.TrySkip())
                {
                    return false;
                }

                _count++;
                return true;
            }

            if (!JsonDocument.TryParseValue(ref reader, out JsonDocument? item))
            {
                return false;
            }

            using (item)
            {
                string path = $"$.mentors[{_count}]";
                int before = _textErrors.Count;
                CheckTextIsUnicode.Check(item.RootElement, path, _textErrors);
                if (_textErrors.Count == before && ScoringRequests.Mentor(_fields, item.RootElement, path, declared, required) is { } candidate)
                {
                    _mentors.Add((_count, candidate));
                }
            }

            _count++;
            return true;
        }

        /// <summary>A top-level field's name, or null when it is not text.</summary>
        private static string? Name(ref Utf8JsonReader reader)
        {
            try
            {
                return reader.GetString();
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        /// <summary>The fields kept, as one object the request parser reads like the whole body.</summary>
        private JsonDocument Head()
        {
            var bytes = new ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(bytes))
            {
                writer.WriteStartObject();
                foreach ((string name, JsonDocument value) in _head)
                {
                    writer.WritePropertyName(name);
                    value.RootElement.WriteTo(writer);
                }

                writer.WriteEndObject();
            }

            return JsonDocument.Parse(bytes.WrittenMemory);
        }

        private static string Kind(JsonTokenType t) => t switch
        {
            JsonTokenType.StartObject => "an object",
            JsonTokenType.StartArray => "an array",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            _ => "nothing",
        };
    }
}
