using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Commerce.Documents;

/// <summary>Reports whether the document store answers, through <see cref="IDocumentStore.PingAsync"/>.</summary>
public sealed class DocumentStoreHealthCheck(IDocumentStore store) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await store.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy("The document store answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy(ex.Message, ex);
        }
    }
}
