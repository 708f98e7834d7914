namespace Commerce.Pricing;

/// <summary>`GET /api/pricing/health`: reachability of the pricing app's dependencies.</summary>
public sealed class PricingHealth(HealthCheckService health)
{
    [Function(nameof(PricingHealth))]
    [OpenApiHealthOperation("GetPricingHealth")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pricing/health")] HttpRequest request, CancellationToken cancellationToken) => health.ReportAsync(PricingRegistration.AppName, cancellationToken);
}
