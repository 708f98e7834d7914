using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Commerce.Contracts;
using Commerce.Primitives;

namespace Commerce.Replenishment;

/// <summary>
/// <see cref="IReplenishmentOrderSender"/> over the <see cref="ReplenishmentOrder.Queue"/> Storage queue (JSON, base64).
/// In Azure the queue exists (infra creates it) and this app may only send on it (Queue Data Message Sender); only a
/// queue that is not there yet (a fresh local emulator) is created, then the message sent again.
/// </summary>
public sealed class StorageQueueReplenishmentOrderSender(QueueServiceClient service) : IReplenishmentOrderSender
{
    readonly QueueClient queue = service.GetQueueClient(ReplenishmentOrder.Queue);

    public async Task SendAsync(ReplenishmentOrder order, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.Serialize(order, CommerceJson.Options);
        try
        {
            await queue.SendMessageAsync(body, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queue.SendMessageAsync(body, cancellationToken);
        }
    }
}
