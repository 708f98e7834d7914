using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Commerce.ServiceDefaults;

/// <summary>
/// Health of one app: its registered checks are tagged with the app's name, so in the dev host (all four apps in
/// one container) each health route still reports only its own dependencies.
/// </summary>
public static class HealthReporting
{
    /// <summary>Registers a dependency check for an app (name is prefixed with the app; tag is the app).</summary>
    public static IHealthChecksBuilder AddAppCheck<TCheck>(this IHealthChecksBuilder builder, string app, string dependency)
        where TCheck : class, IHealthCheck
        => builder.AddCheck<TCheck>($"{app}:{dependency}", HealthStatus.Unhealthy, [app], TimeSpan.FromSeconds(5));

    /// <summary>
    /// Runs the app's registered checks plus any <paramref name="probes"/> (dependencies only reachable through a
    /// function binding, such as the durable task client) and answers 200 when all are healthy, else 503.
    /// </summary>
    public static async Task<IActionResult> ReportAsync(this HealthCheckService health, string app, CancellationToken cancellationToken, params HealthProbe[] probes)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(app), cancellationToken);
        var dependencies = report.Entries.ToDictionary(
            entry => entry.Key[(app.Length + 1)..],
            entry => new DependencyHealth(entry.Value.Status.ToString(), entry.Value.Description ?? entry.Value.Exception?.Message, Math.Round(entry.Value.Duration.TotalMilliseconds, 1)));
        var healthy = report.Status != HealthStatus.Unhealthy;
        foreach (var probe in probes)
        {
            var result = await probe.RunAsync(cancellationToken);
            dependencies[probe.Name] = result;
            healthy &= result.Status == nameof(HealthStatus.Healthy);
        }

        var body = new AppHealth(app, healthy ? nameof(HealthStatus.Healthy) : nameof(HealthStatus.Unhealthy), dependencies);
        return new ObjectResult(body) { StatusCode = healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable };
    }
}

/// <summary>A reachability probe run at request time: healthy when <see cref="Probe"/> completes within five seconds.</summary>
public sealed record HealthProbe(string Name, Func<CancellationToken, Task> Probe)
{
    internal async Task<DependencyHealth> RunAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        try
        {
            await Probe(timeout.Token);
            return new DependencyHealth(nameof(HealthStatus.Healthy), null, Elapsed(started));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new DependencyHealth(nameof(HealthStatus.Unhealthy), ex.Message, Elapsed(started));
        }
    }

    static double Elapsed(long started) => Math.Round(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, 1);
}

public sealed record AppHealth(string App, string Status, IReadOnlyDictionary<string, DependencyHealth> Dependencies);

public sealed record DependencyHealth(string Status, string? Description, double DurationMs);
