using System.Collections.Concurrent;
using Commerce.DevHost.Functions;
using Commerce.Orders.Domain;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commerce.DevHost.Orders;

/// <summary>The orders app's local stand-ins: queue messages it sends go to the dev host's queues (in process, or Azurite's).</summary>
public static class OrdersDevHost
{
    public static IServiceCollection AddOrdersDevHost(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<IQueueSender, DevHostQueueSender>());
        services.AddCheckoutRecovery();
        return services;
    }
}

/// <summary>
/// <see cref="IQueueSender"/> over the dev host's queues (<see cref="IDevHostQueues"/>): a queue-triggered function of any
/// app receives the message as from Azure Storage. Keeps what was sent, per queue, so a developer (or a test) can see it.
/// </summary>
public sealed class DevHostQueueSender(IDevHostQueues broker) : IQueueSender
{
    readonly ConcurrentDictionary<string, ConcurrentQueue<string>> sent = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> SentTo(string queue) => sent.TryGetValue(queue, out var messages) ? messages.ToArray() : [];

    public async Task SendAsync(string queue, string body, CancellationToken cancellationToken = default)
    {
        await broker.SendAsync(queue, body, cancellationToken);
        sent.GetOrAdd(queue, _ => new ConcurrentQueue<string>()).Enqueue(body);
    }
}
