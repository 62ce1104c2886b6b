using MatchModels.Core.PredictionLog;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving.PredictionLog;

/// <summary>The prediction log: scoring routes call <see cref="GroupCommitLog{T}.AppendAsync(IEnumerable{T}, CancellationToken)"/> with a request's rows and answer once it returns.</summary>
public sealed class PredictionLogWriter(IOptions<PredictionLogOptions> options, TimeProvider clock, ILogger<PredictionLogWriter> log)
    : GroupCommitLog<PredictionRecord>(Path.Combine(options.Value.Folder, PredictionLogReader.PredictionsFolder), r => r.TimeUtc, WalRecordJson.Default.PredictionRecord, options.Value, clock, log);

/// <summary>Outcomes reported through <c>POST /v1/outcomes</c>, written beside the prediction log with the same durability.</summary>
public sealed class OutcomeLogWriter(IOptions<PredictionLogOptions> options, TimeProvider clock, ILogger<OutcomeLogWriter> log)
    : GroupCommitLog<OutcomeRecord>(Path.Combine(options.Value.Folder, PredictionLogReader.OutcomesFolder), r => r.ReceivedAtUtc, WalRecordJson.Default.OutcomeRecord, options.Value, clock, log);
