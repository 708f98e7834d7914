namespace Commerce.Analytics;

/// <summary>`GET /api/analytics/health`: reachability of the analytics app's dependencies.</summary>
public sealed class AnalyticsHealth(HealthCheckService health)
{
    [Function(nameof(AnalyticsHealth))]
    [OpenApiHealthOperation("GetAnalyticsHealth")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "analytics/health")] HttpRequest request, CancellationToken cancellationToken) => health.ReportAsync(AnalyticsRegistration.AppName, cancellationToken);
}
