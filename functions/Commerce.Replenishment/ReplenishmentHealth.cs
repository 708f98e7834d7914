namespace Commerce.Replenishment;

/// <summary>`GET /api/replenishment/health`: reachability of the replenishment app's dependencies.</summary>
public sealed class ReplenishmentHealth(HealthCheckService health)
{
    [Function(nameof(ReplenishmentHealth))]
    [OpenApiHealthOperation("GetReplenishmentHealth")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "replenishment/health")] HttpRequest request, CancellationToken cancellationToken) => health.ReportAsync(ReplenishmentRegistration.AppName, cancellationToken);
}
