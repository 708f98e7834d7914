using Commerce.ServiceDefaults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Commerce.Catalog;

public sealed class CatalogHealth(HealthCheckService health)
{
    [Function(nameof(CatalogHealth))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "catalog/health")] HttpRequest request, CancellationToken cancellationToken)
        => health.ReportAsync(CatalogRegistration.AppName, cancellationToken);
}
