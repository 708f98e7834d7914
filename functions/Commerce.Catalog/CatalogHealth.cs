namespace Commerce.Catalog;

/// <summary>`GET /api/catalog/health`: reachability of the catalog app's dependencies.</summary>
public sealed class CatalogHealth(HealthCheckService health)
{
    [Function(nameof(CatalogHealth))]
    [OpenApiHealthOperation("GetCatalogHealth")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/health")] HttpRequest request, CancellationToken cancellationToken) => health.ReportAsync(CatalogRegistration.AppName, cancellationToken);
}
