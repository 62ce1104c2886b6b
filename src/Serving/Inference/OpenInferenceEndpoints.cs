using System.Text.Json;
using System.Text.Json.Serialization;
using MatchModels.Core.Registry;
using MatchModels.Serving.Scoring;

namespace MatchModels.Serving.Inference;

/// <summary>
/// The Open Inference Protocol (KServe v2) REST routes, for callers that send the feature tensor themselves:
/// health, model metadata and readiness, and infer with one FP32 input [N, F] named as in the model's signature.
/// </summary>
public static class OpenInferenceEndpoints
{
    public const string Platform = "onnxruntime_onnx";

    public static IResult Live() => Results.Ok(new { live = true });

    /// <summary>Ready when the registry folder exists and every model's default version loads.</summary>
    public static IResult Ready(ServedModels models)
    {
        ArgumentNullException.ThrowIfNull(models);
        if (!Directory.Exists(models.Registry.Root))
        {
            return Results.Json(new { ready = false, reason = $"registry folder {models.Registry.Root} does not exist" }, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        foreach (string name in models.Registry.Names().Where(n => models.Registry.Versions(n).Count > 0))
        {
            using ModelLease lease = models.Acquire(new ModelReference(name, null, null));
        }

        return Results.Ok(new { ready = true });
    }

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
            [new TensorMetadata(s.Output, "FP32", [-1])]));
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
        (string? id, float[] rows, int n) = InferRequestReader.Read(body, lease.Scorer.Manifest.Onnx, scoring.Options.MaxBatch);
        scoring.Metrics.BatchSize.Observe(n, "infer");
        var p = new float[n];
        scoring.Time("infer", lease, () =>
        {
            lease.Scorer.Score(rows, n, p);
            return n;
        });
        await scoring.ObserveAsync(http, new PredictionBatch(requestId, scoring.Clock.GetUtcNow(), "infer", lease.Name, lease.Version, lease.Alias, lease.Scorer.FeatureNames, rows, p, null, lease.Scorer.Manifest.Threshold));
        return Results.Ok(new InferResponse(lease.Name, ScoringContext.Version(lease), id ?? requestId, [new InferOutput(lease.Scorer.Manifest.Onnx.Output, [n], "FP32", p)]));
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

public sealed record InferOutput(string Name, IReadOnlyList<long> Shape, string Datatype, float[] Data);

/// <summary>Reads a v2 inference request's single FP32 input, flat or nested data, naming the JSON path of each problem.</summary>
public static class InferRequestReader
{
    public static (string? Id, float[] Rows, int Count) Read(JsonElement body, OnnxSignature signature, int maxBatch)
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

        return f.Ok ? (id, values.ToArray(), rows) : throw new RequestValidationException(f.Errors);
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
