using Azure.Storage.Queues;
using Commerce.Contracts;

namespace Commerce.Pricing;

/// <summary><see cref="IAppliedPriceNotifier"/> over the <see cref="AppliedPrice.Queue"/> Storage queue (created on first use), base64 as the catalog's queue trigger expects.</summary>
public sealed class StorageQueueAppliedPriceNotifier(QueueServiceClient service) : IAppliedPriceNotifier
{
    readonly Lazy<Task<QueueClient>> queue = new(async () =>
    {
        var client = service.GetQueueClient(AppliedPrice.Queue);
        await client.CreateIfNotExistsAsync();
        return client;
    });

    public async Task NotifyAsync(string sku, CancellationToken cancellationToken = default)
        => await (await queue.Value).SendMessageAsync(sku, cancellationToken);
}
