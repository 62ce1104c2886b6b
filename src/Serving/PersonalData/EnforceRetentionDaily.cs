using MatchModels.Core.PersonalData;
using MatchModels.Serving.PredictionLog;
using MatchModels.Serving.PredictionLog.Postgres;
using MatchModels.Serving.Scoring;
using Microsoft.Extensions.Options;

namespace MatchModels.Serving.PersonalData;

/// <summary>
/// <c>Serving:Retention</c>: how many days each store keeps rows about people, as <c>matchmodels data retention</c>
/// takes them (<c>--predictions-days</c>, <c>--outcomes-days</c>, <c>--runs-days</c>). Unlike the command, nothing is
/// assumed: with no period set the server enforces none, so an operator who runs the command from cron instead is
/// never surprised by a second, different policy.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Serving:Retention";

    public int? PredictionDays { get; set; }

    public int? OutcomeDays { get; set; }

    public int? RunDays { get; set; }

    /// <summary>The periods to enforce, or null when none is set (retention off).</summary>
    public RetentionPeriods? Periods => PredictionDays is null && OutcomeDays is null && RunDays is null ? null : new RetentionPeriods(PredictionDays, OutcomeDays, RunDays);
}

/// <summary>
/// Runs <see cref="EnforceRetention"/> on the served prediction log, outcomes and registry's run folders at start and
/// then every <see cref="Interval"/> by the host's <see cref="TimeProvider"/>, and logs what each pass removed (counts
/// only: no participant, pair or request id). A failed pass is logged and retried at the next one; it never stops the
/// host, since answering requests matters more than removing rows a day sooner.
/// </summary>
/// <remarks>With the PostgreSQL log (<c>Serving:PredictionLog:ConnectionString</c>) the pass covers its database too, as <c>data retention</c> does.</remarks>
public sealed class EnforceRetentionDaily(
    IOptions<RetentionOptions> options, IOptions<PredictionLogOptions> log, IOptions<ServingOptions> serving, IEnumerable<PostgresLogDatabase> database,
    TimeProvider clock, ILogger<EnforceRetentionDaily> logger)
    : BackgroundService
{
    private readonly PostgresLogDatabase? _database = database.FirstOrDefault();

    /// <summary>Once a day: retention periods are whole days, so a row is never kept more than a day past its period.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);

    /// <summary>Passes finished, failed ones included: tests wait on it.</summary>
    public int Passes => Volatile.Read(ref _passes);

    private int _passes;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Periods is not { } periods)
        {
            logger.LogInformation("Retention is off: no Serving:Retention period is set");
            return;
        }

        // The first pass runs off the start path: the host starts serving while it reads the log.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            await PassAsync(periods, stoppingToken);
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task PassAsync(RetentionPeriods periods, CancellationToken ct)
    {
        try
        {
            var stores = new PersonalDataStores(log.Value.Folder, serving.Value.Registry, null);
            DateTime now = clock.GetUtcNow().UtcDateTime;
            RetentionResult r = await EnforceRetention.RunAsync(stores, periods, now, dryRun: false, ct);
            if (_database is not null)
            {
                (int predictions, int outcomes) = await new ParticipantRowsInDatabase(_database.Source).ExpireAsync(periods, now, dryRun: false, ct);
                r = r with { Predictions = r.Predictions + predictions, Outcomes = r.Outcomes + outcomes };
            }

            logger.LogInformation(
                "Retention removed {Predictions} prediction(s) older than {PredictionDays} days, {Outcomes} outcome(s) older than {OutcomeDays} days and the test predictions of {RunFiles} run(s) older than {RunDays} days ({FilesRewritten} file(s) rewritten, {FilesDeleted} deleted)",
                r.Predictions, Days(periods.PredictionDays), r.Outcomes, Days(periods.OutcomeDays), r.RunFiles, Days(periods.RunDays), r.FilesRewritten, r.FilesDeleted);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Stopping: the next start runs a pass.
        }
        catch (Exception e)
        {
            // The message names the file at fault (a damaged Parquet file, a folder without permission), never a person.
            logger.LogError(e, "Retention pass failed; serving goes on and the next pass is in {Hours} hours", Interval.TotalHours);
        }
        finally
        {
            Interlocked.Increment(ref _passes);
        }
    }

    private static string Days(int? days) => days?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(no period)";
}

public static class RetentionRegistration
{
    /// <summary>The daily retention pass and its <c>Serving:Retention</c> periods; a period below one day stops the host at start, naming it.</summary>
    public static WebApplicationBuilder AddRetention(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RetentionOptions>()
            .Bind(builder.Configuration.GetSection(RetentionOptions.Section))
            .Validate(o => o.PredictionDays is null or >= 1 && o.OutcomeDays is null or >= 1 && o.RunDays is null or >= 1,
                "Serving:Retention:PredictionDays, OutcomeDays and RunDays are whole numbers of days ≥ 1, or unset (no retention for that store)")
            .ValidateOnStart();
        builder.Services.AddSingleton<EnforceRetentionDaily>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<EnforceRetentionDaily>());
        return builder;
    }
}
