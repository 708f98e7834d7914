namespace Commerce.Cart;

/// <summary>`GET /api/cart/health`: reachability of the cart app's dependencies.</summary>
public sealed class CartHealth(HealthCheckService health)
{
    [Function(nameof(CartHealth))]
    [OpenApiHealthOperation("GetCartHealth")]
    public Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "cart/health")] HttpRequest request, CancellationToken cancellationToken) => health.ReportAsync(CartRegistration.AppName, cancellationToken);
}
