using Commerce.Documents;

namespace Commerce.Orders.Domain;

/// <summary>
/// A checkout accepted while the saga backlog was full, waiting its turn (container <see cref="Container"/>); also what
/// the in-flight register keeps. <see cref="TraceParent"/> is the checkout request's W3C trace context, so a saga started
/// later (a drain, the sweep) continues that trace.
/// </summary>
public sealed record QueuedCheckout(string OrderId, CheckoutRequest Request, DateTimeOffset ReceivedAt, string? TraceParent = null)
{
    public const string Container = "checkout-admissions";

    /// <summary>Sorts by arrival: the receipt time's ticks, then the order id.</summary>
    public string Id => IdFor(OrderId, ReceivedAt);

    public static string IdFor(string orderId, DateTimeOffset receivedAt) => $"{receivedAt.UtcTicks:D19}-{orderId}";
}

/// <summary>
/// The durable admission lane of flash-sale protection: one partition, ids ordered by arrival, so the oldest waiting
/// checkouts are one single-partition query away from any instance. Entries are removed once their saga is started.
/// </summary>
public sealed class CheckoutAdmissionLane(IDocumentStore store)
{
    /// <summary>The lane's one partition: admission is a queue, and a queue has one head.</summary>
    public const string Partition = "lane";

    IDocumentContainer<QueuedCheckout> Entries => store.Container<QueuedCheckout>(QueuedCheckout.Container);

    /// <summary>Puts a checkout in the lane; again for the same request is a no-op.</summary>
    public async Task EnqueueAsync(QueuedCheckout entry, CancellationToken cancellationToken = default)
    {
        try
        {
            await Entries.CreateAsync(entry.Id, Partition, entry, cancellationToken: cancellationToken);
        }
        catch (DocumentConflictException)
        {
            // Already waiting: same order, same place in the lane.
        }
    }

    public async Task<IReadOnlyList<QueuedCheckout>> OldestAsync(int max, CancellationToken cancellationToken = default)
    {
        var page = await Entries.QueryAsync(Partition, new DocumentQuery { PageSize = Math.Max(1, max) }, cancellationToken);
        return [.. page.Items.Select(d => d.Value)];
    }

    public async Task<bool> IsWaitingAsync(string orderId, DateTimeOffset receivedAt, CancellationToken cancellationToken = default)
        => await Entries.ReadAsync(QueuedCheckout.IdFor(orderId, receivedAt), Partition, cancellationToken) is not null;

    public Task RemoveAsync(QueuedCheckout entry, CancellationToken cancellationToken = default)
        => Entries.DeleteAsync(entry.Id, Partition, cancellationToken: cancellationToken);
}
