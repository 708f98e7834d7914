using System.Text.Json;
using Commerce.Contracts;
using Commerce.DevHost.Functions;
using Commerce.Primitives;
using Commerce.Replenishment;
using Commerce.Replenishment.Domain;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commerce.DevHost.Replenishment;

/// <summary>The replenishment app's local stand-ins: the replenishment-orders queue is the dev host's queues; a default run schedule.</summary>
public static class ReplenishmentDevHost
{
    /// <summary>The nightly run's schedule when none is configured: daily at 02:00 UTC.</summary>
    public const string DefaultRunSchedule = "0 0 2 * * *";

    public static WebApplicationBuilder AddReplenishmentDevHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (string.IsNullOrEmpty(builder.Configuration[ReplenishmentRegistration.RunScheduleSetting]))
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [ReplenishmentRegistration.RunScheduleSetting] = DefaultRunSchedule });
        }

        builder.Services.Replace(ServiceDescriptor.Singleton<IReplenishmentOrderSender, InProcessReplenishmentOrderSender>());
        return builder;
    }
}

/// <summary><see cref="IReplenishmentOrderSender"/> over the dev host's queues (<see cref="IDevHostQueues"/>).</summary>
public sealed class InProcessReplenishmentOrderSender(IDevHostQueues broker) : IReplenishmentOrderSender
{
    public Task SendAsync(ReplenishmentOrder order, CancellationToken cancellationToken = default) =>
        broker.SendAsync(ReplenishmentOrder.Queue, JsonSerializer.Serialize(order, CommerceJson.Options), cancellationToken).AsTask();
}
