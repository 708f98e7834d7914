using Commerce.ServiceDefaults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Commerce.Cart;

public sealed class CartHealth(HealthCheckService health)
{
    [Function(nameof(CartHealth))]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cart/health")] HttpRequest request, CancellationToken cancellationToken)
        => health.ReportAsync(CartRegistration.AppName, cancellationToken);
}
