using System.Collections.Concurrent;
using System.Reflection;
using Cronos;

using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Commerce.DevHost.Functions;

/// <summary>
/// Timer-triggered functions in the dev host: validated and wired at start, run on their schedule only when
/// <c>DevHost:RunTimers</c> is true (background jobs such as model training are noisy in a dev loop), and always
/// runnable on demand through <c>POST /admin/functions/{name}</c>, as the Functions host's admin API allows.
/// </summary>
public sealed class TimerFunctions(
    FunctionCatalog catalog,
    TriggerWiring wiring,
    IServiceScopeFactory scopes,
    IConfiguration configuration,
    IOptions<DevHostOptions> options,
    TimeProvider time,
    ILogger<TimerFunctions> logger) : BackgroundService
{
    readonly ConcurrentDictionary<string, DateTimeOffset> lastRuns = new(StringComparer.Ordinal);

    /// <summary>Completed runs by function name (UTC), for status and tests.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LastRuns => lastRuns;

    /// <summary>Resolves a schedule (or the <c>%Setting%</c> naming it) to a six-field cron expression.</summary>
    public CronExpression ScheduleOf(FunctionDescriptor function)
    {
        var schedule = function.Schedule ?? throw new InvalidOperationException($"{function.Name} is not timer-triggered.");
        if (schedule.Length > 2 && schedule[0] == '%' && schedule[^1] == '%')
        {
            schedule = configuration[schedule[1..^1].Replace("__", ":", StringComparison.Ordinal)]
                ?? throw new InvalidOperationException($"Timer function {function.Name}: setting {schedule} is not configured.");
        }

        return CronExpression.Parse(schedule, CronFormat.IncludeSeconds);
    }

    public async Task RunAsync(FunctionDescriptor function, CancellationToken cancellationToken)
    {
        var invoker = FunctionInvoker.For(function.Method);
        var schedule = ScheduleOf(function);
        var now = time.GetUtcNow();
        var timer = new TimerInfo
        {
            IsPastDue = false,
            ScheduleStatus = new ScheduleStatus
            {
                Last = lastRuns.TryGetValue(function.Name, out var last) ? last.UtcDateTime : default,
                Next = schedule.GetNextOccurrence(now.UtcDateTime) ?? default,
                LastUpdated = now.UtcDateTime,
            },
        };
        await using var scope = scopes.CreateAsyncScope();
        var arguments = function.Parameters
            .Select(p => function.IsTrigger(p) ? (object)timer
                : p.ParameterType == typeof(CancellationToken) ? cancellationToken
                : p.ParameterType == typeof(DurableTaskClient) && p.IsDefined(typeof(DurableClientAttribute)) ? scope.ServiceProvider.GetRequiredService<DurableTaskClient>()
                : throw new InvalidOperationException($"Timer function {function.Name}: the dev host cannot bind parameter '{p.Name}'."))
            .ToArray();
        await invoker.InvokeAsync(scope.ServiceProvider, arguments);
        lastRuns[function.Name] = time.GetUtcNow();
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timers = catalog.OfKind(TriggerKind.Timer).ToArray();
        foreach (var function in timers)
        {
            ScheduleOf(function);
            wiring.Record(function.Name, function.Kind);
        }

        return options.Value.RunTimers
            ? Task.WhenAll(timers.Select(function => RunOnScheduleAsync(function, stoppingToken)))
            : Task.CompletedTask;
    }

    async Task RunOnScheduleAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        var schedule = ScheduleOf(function);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            if (schedule.GetNextOccurrence(now.UtcDateTime) is not { } next)
            {
                return;
            }

            try
            {
                await Task.Delay(next - now.UtcDateTime, time, stoppingToken);
                await RunAsync(function, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Timer function {Function} failed", function.Name);
            }
        }
    }
}
