using Commerce.ServiceDefaults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Commerce.Analytics;

public sealed class AnalyticsHealth(HealthCheckService health)
{
    [Function(nameof(AnalyticsHealth))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "analytics/health")] HttpRequest request, CancellationToken cancellationToken)
        => health.ReportAsync(AnalyticsRegistration.AppName, cancellationToken);
}
