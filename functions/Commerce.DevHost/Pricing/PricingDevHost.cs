using Commerce.Contracts;
using Commerce.DevHost.Functions;
using Commerce.Pricing.Domain;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commerce.DevHost.Pricing;

/// <summary>The pricing app's local stand-ins: the applied-prices queue is the dev host's in-process broker, so the catalog's trigger receives it.</summary>
public static class PricingDevHost
{
    public static IServiceCollection AddPricingDevHost(this IServiceCollection services)
        => services.Replace(ServiceDescriptor.Singleton<IAppliedPriceNotifier, InProcessAppliedPriceNotifier>());
}

/// <summary><see cref="IAppliedPriceNotifier"/> over <see cref="InProcessQueueBroker"/>.</summary>
public sealed class InProcessAppliedPriceNotifier(InProcessQueueBroker broker) : IAppliedPriceNotifier
{
    public Task NotifyAsync(string sku, CancellationToken cancellationToken = default) => broker.SendAsync(AppliedPrice.Queue, sku, cancellationToken).AsTask();
}
