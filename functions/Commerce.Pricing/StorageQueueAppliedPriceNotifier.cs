using Azure;
using Azure.Storage.Queues;
using Commerce.Contracts;

namespace Commerce.Pricing;

/// <summary>
/// <see cref="IAppliedPriceNotifier"/> over the <see cref="AppliedPrice.Queue"/> Storage queue, base64 as the catalog's
/// queue trigger expects. In Azure the queue exists (infra creates it) and this app may only send on it (Queue Data
/// Message Sender), so it never asks to create it; only a queue that is not there yet (a fresh local emulator) is
/// created, then the message sent again.
/// </summary>
public sealed class StorageQueueAppliedPriceNotifier(QueueServiceClient service) : IAppliedPriceNotifier
{
    readonly QueueClient queue = service.GetQueueClient(AppliedPrice.Queue);

    public async Task NotifyAsync(string sku, CancellationToken cancellationToken = default)
    {
        try
        {
            await queue.SendMessageAsync(sku, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queue.SendMessageAsync(sku, cancellationToken);
        }
    }
}
