using Commerce.Contracts;
using Commerce.DevHost.Functions;
using Commerce.Pricing.Domain;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commerce.DevHost.Pricing;

/// <summary>The pricing app's local stand-ins: the applied-prices queue is the dev host's queues, so the catalog's trigger receives it; a default run schedule.</summary>
public static class PricingDevHost
{
    /// <summary>The pricing run's schedule when none is configured: daily at 04:00 UTC.</summary>
    public const string DefaultRunSchedule = "0 0 4 * * *";

    public static WebApplicationBuilder AddPricingDevHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrEmpty(builder.Configuration["Pricing:RunSchedule"]))
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Pricing:RunSchedule"] = DefaultRunSchedule });
        }

        builder.Services.Replace(ServiceDescriptor.Singleton<IAppliedPriceNotifier, InProcessAppliedPriceNotifier>());
        return builder;
    }
}

/// <summary><see cref="IAppliedPriceNotifier"/> over the dev host's queues (<see cref="IDevHostQueues"/>).</summary>
public sealed class InProcessAppliedPriceNotifier(IDevHostQueues broker) : IAppliedPriceNotifier
{
    public Task NotifyAsync(string sku, CancellationToken cancellationToken = default) => broker.SendAsync(AppliedPrice.Queue, sku, cancellationToken).AsTask();
}
