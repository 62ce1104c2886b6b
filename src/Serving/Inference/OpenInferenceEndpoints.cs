using System.Text.Json;
using System.Text.Json.Serialization;
using MatchModels.Core.PredictionLog;
using MatchModels.Core.Registry;
using MatchModels.Core.Scoring;
using MatchModels.Serving.PredictionLog;
using MatchModels.Serving.Scoring;

namespace MatchModels.Serving.Inference;

/// <summary>
/// The Open Inference Protocol (KServe v2) REST routes, for callers that send the feature tensor themselves:
/// health, model metadata and readiness, and infer with one FP32 input [N, F] named as in the model's signature.
/// </summary>
public static class OpenInferenceEndpoints
{
    public const string Platform = "onnxruntime_onnx";

    /// <summary>The output computed beside the model's probability: probability ≥ the version's threshold, as predict and the prediction log have it.</summary>
    public const string LabelOutput = "label";

    /// <summary>The server's name in <c>GET /v2</c>.</summary>
    public const string ServerName = "matchmodels";

    /// <summary><c>GET /v2</c>: the protocol's server metadata. No protocol extension is implemented, so the list is empty.</summary>
    public static IResult ServerMetadata() => Results.Ok(new ServerMetadataResponse(ServerName, Core.BuildVersion.Of(typeof(OpenInferenceEndpoints).Assembly), []));

    public static IResult Live() => Results.Ok(new { live = true });

    /// <summary>
    /// Ready when the prediction log and the outcomes log can take writes (a prediction that cannot be logged is not
    /// served) and every model's default version loads. The reason names no server path.
    /// </summary>
    public static async Task<IResult> Ready(ServedModels models, IDurableLog<PredictionRecord> predictions, IDurableLog<OutcomeRecord> outcomes, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(predictions);
        ArgumentNullException.ThrowIfNull(outcomes);
        if (await predictions.NotReadyReasonAsync(ct) is { } log)
        {
            return NotReady("prediction log: " + log);
        }

        if (await outcomes.NotReadyReasonAsync(ct) is { } outcome)
        {
            return NotReady("outcomes log: " + outcome);
        }

        if (!Directory.Exists(models.Registry.Root))
        {
            return NotReady("the registry folder does not exist");
        }

        foreach (string name in models.Registry.Names().Where(n => models.Registry.Versions(n).Count > 0))
        {
            try
            {
                using ModelLease lease = models.Acquire(new ModelReference(name, null, null));

                // Loaded versions keep scoring from memory; the files on disk are what a restart or a replica would need.
                models.Registry.Open(name, lease.Version);
            }
            catch (RegistryException e)
            {
                return NotReady($"model '{name}': {e.CallerMessage}");
            }
            catch (InvalidOnnxModelException)
            {
                return NotReady($"model '{name}': its default version's ONNX file cannot be loaded");
            }
        }

        return Results.Ok(new { ready = true });
    }

    private static IResult NotReady(string reason) => Results.Json(new { ready = false, reason }, statusCode: StatusCodes.Status503ServiceUnavailable);

    public static IResult Metadata(string name, int? version, HttpContext http, ScoringContext scoring)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        using ModelLease lease = scoring.Acquire(http, name, version);
        OnnxSignature s = lease.Scorer.Manifest.Onnx;
        return Results.Ok(new ModelMetadata(
            lease.Name,
            [.. scoring.Models.Registry.Versions(lease.Name).Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture))],
            Platform,
            [new TensorMetadata(s.Input, "FP32", [-1, s.Width])],
            [new TensorMetadata(s.Output, "FP32", [-1]), new TensorMetadata(LabelOutput, "BOOL", [-1])]));
    }

    public static IResult ModelReady(string name, int? version, HttpContext http, ScoringContext scoring)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        using ModelLease lease = scoring.Acquire(http, name, version);
        return Results.Ok(new { name = lease.Name, version = ScoringContext.Version(lease), ready = true });
    }

    public static async Task<IResult> Infer(string name, int? version, HttpContext http, ScoringContext scoring)
    {
        ArgumentNullException.ThrowIfNull(scoring);
        string requestId = ScoringContext.RequestId(http);
        JsonElement body = await ScoringContext.ReadBodyAsync(http);
        using ModelLease lease = scoring.Acquire(http, name, version);
        (string? id, float[] rows, int n, IReadOnlySet<string>? wanted) = InferRequestReader.Read(body, lease.Scorer.Manifest.Onnx, scoring.Options.MaxBatch);
        scoring.Metrics.BatchSize.Observe(n, "infer");
        var p = new float[n];
        scoring.Time("infer", lease, () =>
        {
            lease.Scorer.Score(rows, n, p);
            return n;
        });
        await scoring.ObserveAsync(http, new PredictionBatch(requestId, scoring.Clock.GetUtcNow(), "infer", lease.Name, lease.Version, lease.Alias, lease.Scorer.FeatureNames, rows, p, null, lease.Scorer.Manifest.Threshold, ScoringContext.ClientRequestId(http)));
        double threshold = lease.Scorer.Manifest.Threshold;
        var outputs = new List<InferOutput>(2);
        string probability = lease.Scorer.Manifest.Onnx.Output;
        if (wanted is null || wanted.Contains(probability))
        {
            outputs.Add(new InferOutput(probability, [n], "FP32", p));
        }

        if (wanted is null || wanted.Contains(LabelOutput))
        {
            outputs.Add(new InferOutput(LabelOutput, [n], "BOOL", p.Select(x => x >= threshold).ToArray()));
        }

        return Results.Ok(new InferResponse(lease.Name, ScoringContext.Version(lease), id ?? requestId, outputs));
    }
}

public sealed record ModelMetadata(string Name, IReadOnlyList<string> Versions, string Platform, IReadOnlyList<TensorMetadata> Inputs, IReadOnlyList<TensorMetadata> Outputs);

public sealed record TensorMetadata(string Name, string Datatype, IReadOnlyList<long> Shape);

/// <summary>The protocol's inference response: model_name, model_version, id and outputs.</summary>
public sealed record InferResponse(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    string Id,
    IReadOnlyList<InferOutput> Outputs);

/// <summary>One output tensor; <see cref="Data"/> holds floats for FP32 and booleans for BOOL.</summary>
public sealed record InferOutput(string Name, IReadOnlyList<long> Shape, string Datatype, System.Collections.IEnumerable Data);

/// <summary>The protocol's server metadata response.</summary>
public sealed record ServerMetadataResponse(string Name, string Version, IReadOnlyList<string> Extensions);

/// <summary>Reads a v2 inference request's single FP32 input, flat or nested data, naming the JSON path of each problem.</summary>
public static class InferRequestReader
{
    /// <summary>The request's id, its rows, their count, and the outputs it asks for (null: all of them).</summary>
    public static (string? Id, float[] Rows, int Count, IReadOnlySet<string>? Outputs) Read(JsonElement body, OnnxSignature signature, int maxBatch)
    {
        ArgumentNullException.ThrowIfNull(signature);
        var f = new JsonFields();
        if (!f.IsObject(body, "$"))
        {
            throw new RequestValidationException(f.Errors);
        }

        string? id = f.Text(body, "$", "id", required: false);
        if (f.Get(body, "$", "inputs", required: true) is not { } inputs)
        {
            throw new RequestValidationException(f.Errors);
        }

        if (inputs.ValueKind != JsonValueKind.Array || inputs.GetArrayLength() != 1)
        {
            f.Add("$.inputs", $"expected an array of exactly one input tensor named '{signature.Input}', found {(inputs.ValueKind == JsonValueKind.Array ? $"{inputs.GetArrayLength()} inputs" : JsonFields.Kind(inputs))}");
            throw new RequestValidationException(f.Errors);
        }

        JsonElement input = inputs[0];
        const string path = "$.inputs[0]";
        if (!f.IsObject(input, path))
        {
            throw new RequestValidationException(f.Errors);
        }

        if (f.Text(input, path, "name", required: true) is { } n && n != signature.Input)
        {
            f.Add(path + ".name", $"the model's input is named '{signature.Input}', found '{n}'");
        }

        if (f.Text(input, path, "datatype", required: true) is { } dt && dt != "FP32")
        {
            f.Add(path + ".datatype", $"unknown or unsupported datatype '{dt}': this model takes FP32");
        }

        int rows = 0;
        if (f.Get(input, path, "shape", required: true) is { } shape)
        {
            if (shape.ValueKind != JsonValueKind.Array || shape.GetArrayLength() != 2 || shape.EnumerateArray().Any(d => d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int x) || x < 0))
            {
                f.Add(path + ".shape", $"expected [N, {signature.Width}], found {shape.GetRawText()}");
            }
            else if (shape[1].GetInt32() != signature.Width)
            {
                f.Add(path + ".shape[1]", $"the model takes {signature.Width} features, found {shape[1].GetInt32()}");
            }
            else if ((rows = shape[0].GetInt32()) > maxBatch)
            {
                f.Add(path + ".shape[0]", $"{rows} rows is more than the maximum batch of {maxBatch}: split the request");
            }
        }

        var values = new List<float>(rows * signature.Width);
        if (f.Get(input, path, "data", required: true) is { } data)
        {
            if (data.ValueKind != JsonValueKind.Array)
            {
                f.Add(path + ".data", $"expected an array of numbers, found {JsonFields.Kind(data)}");
            }
            else
            {
                Flatten(f, data, path + ".data", values);
            }
        }

        if (f.Ok && values.Count != rows * signature.Width)
        {
            f.Add(path + ".data", $"shape [{rows}, {signature.Width}] needs {rows * signature.Width} values, found {values.Count}");
        }

        IReadOnlySet<string>? outputs = RequestedOutputs(f, body, signature);
        return f.Ok ? (id, values.ToArray(), rows, outputs) : throw new RequestValidationException(f.Errors);
    }

    private static HashSet<string>? RequestedOutputs(JsonFields f, JsonElement body, OnnxSignature signature)
    {
        if (f.Get(body, "$", "outputs", required: false) is not { } list)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            f.Add("$.outputs", $"expected an array of requested outputs, found {JsonFields.Kind(list)}");
            return null;
        }

        string[] known = [signature.Output, OpenInferenceEndpoints.LabelOutput];
        var wanted = new HashSet<string>(StringComparer.Ordinal);
        int i = 0;
        foreach (JsonElement item in list.EnumerateArray())
        {
            string path = $"$.outputs[{i++}]";
            if (f.IsObject(item, path) && f.Text(item, path, "name", required: true) is { } name)
            {
                if (known.Contains(name, StringComparer.Ordinal))
                {
                    wanted.Add(name);
                }
                else
                {
                    f.Add(path + ".name", $"unknown output '{name}': this model has {string.Join(" and ", known)}");
                }
            }
        }

        return wanted;
    }

    private static void Flatten(JsonFields f, JsonElement array, string path, List<float> into)
    {
        int i = 0;
        foreach (JsonElement item in array.EnumerateArray())
        {
            string p = $"{path}[{i++}]";
            if (item.ValueKind == JsonValueKind.Array)
            {
                Flatten(f, item, p, into);
            }
            else if (f.Number(item, p, float.MinValue, float.MaxValue) is { } d)
            {
                into.Add((float)d);
            }

            if (f.Errors.Count >= 20)
            {
                return;
            }
        }
    }
}
