using MatchModels.Core.PredictionLog;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving.PredictionLog;

/// <summary>The prediction log: scoring routes call <see cref="BatchingLogWriter{T}.AppendAsync(T, CancellationToken)"/> once per scored pair before answering.</summary>
public sealed class PredictionLogWriter(IOptions<PredictionLogOptions> options, TimeProvider clock, ILogger<PredictionLogWriter> log)
    : BatchingLogWriter<PredictionRecord>(Path.Combine(options.Value.Folder, PredictionLogReader.PredictionsFolder), r => r.TimeUtc, options.Value, clock, log);

/// <summary>Outcomes reported through <c>POST /v1/outcomes</c>, written beside the prediction log.</summary>
public sealed class OutcomeLogWriter(IOptions<PredictionLogOptions> options, TimeProvider clock, ILogger<OutcomeLogWriter> log)
    : BatchingLogWriter<OutcomeRecord>(Path.Combine(options.Value.Folder, PredictionLogReader.OutcomesFolder), r => r.ReceivedAtUtc, options.Value, clock, log);
