using Microsoft.DurableTask.Client;

namespace Commerce.Orders;

public sealed class OrdersHealth(HealthCheckService health)
{
    /// <summary>The durable task hub is reached through the client binding: a lookup of an instance that never exists proves it answers.</summary>
    [Function(nameof(OrdersHealth))]
    [OpenApiHealthOperation("GetOrdersHealth")]
    public Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "orders/health")] HttpRequest request,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
        => health.ReportAsync(
            OrdersRegistration.AppName,
            cancellationToken,
            new HealthProbe("durableTaskHub", ct => durable.GetInstanceAsync("health-probe", getInputsAndOutputs: false, ct)));
}
