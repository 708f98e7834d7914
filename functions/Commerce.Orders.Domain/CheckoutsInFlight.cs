using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Commerce.Documents;

namespace Commerce.Orders.Domain;

/// <summary>
/// Every checkout whose saga was asked to start and has not ended (container <see cref="Container"/>, id = order id,
/// partitioned over <see cref="Shards"/> shards so neither writes nor counts meet on one partition). An entry is written
/// before the saga is scheduled and deleted when the saga ends, so the register answers two questions without touching
/// the durable engine's history: how many checkout sagas are in flight (flash-sale admission), and which admitted
/// checkouts may have been lost (the start failed, or the engine forgot them) so the sweep can start them again.
/// Its size follows the checkouts in flight, never the number of checkouts ever made.
/// </summary>
public sealed class CheckoutsInFlight(IDocumentStore store)
{
    public const string Container = "checkouts-in-flight";
    public const int Shards = 16;

    IDocumentContainer<QueuedCheckout> Entries => store.Container<QueuedCheckout>(Container);

    /// <summary>The shard of an order: a stable hash of its id (the same in every process).</summary>
    public static string ShardOf(string orderId) => ShardName(SHA256.HashData(Encoding.UTF8.GetBytes(orderId))[0] % Shards);

    /// <summary>Records the checkout as starting; again for the same order keeps one entry.</summary>
    public Task AddAsync(QueuedCheckout checkout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        return Entries.UpsertAsync(checkout.OrderId, ShardOf(checkout.OrderId), checkout, cancellationToken: cancellationToken);
    }

    /// <summary>The checkout's saga ended: forget it (nothing to forget is fine).</summary>
    public Task ForgetAsync(string orderId, CancellationToken cancellationToken = default)
        => Entries.DeleteAsync(orderId, ShardOf(orderId), cancellationToken: cancellationToken);

    /// <summary>Checkouts in flight, counted up to <paramref name="atMost"/> (admission only needs to know whether the limit is reached).</summary>
    public async Task<int> CountAsync(int atMost, CancellationToken cancellationToken = default)
    {
        var counts = await Task.WhenAll(Enumerable.Range(0, Shards).Select(shard => CountShardAsync(shard, atMost, cancellationToken)));
        return (int)Math.Min(atMost, counts.Sum(c => (long)c));
    }

    /// <summary>Every checkout in flight, shard by shard (the sweep).</summary>
    public async IAsyncEnumerable<QueuedCheckout> AllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var shard = 0; shard < Shards; shard++)
        {
            await foreach (var page in PagesAsync(shard, 500, cancellationToken))
            {
                foreach (var entry in page)
                {
                    yield return entry.Value;
                }
            }
        }
    }

    async Task<int> CountShardAsync(int shard, int atMost, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var page in PagesAsync(shard, Math.Clamp(atMost, 1, 1000), cancellationToken))
        {
            count += page.Count;
            if (count >= atMost)
            {
                break;
            }
        }

        return count;
    }

    async IAsyncEnumerable<IReadOnlyList<Document<QueuedCheckout>>> PagesAsync(int shard, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? continuation = null;
        do
        {
            var page = await Entries.QueryAsync(ShardName(shard), new DocumentQuery { PageSize = pageSize, ContinuationToken = continuation }, cancellationToken);
            yield return page.Items;
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }

    static string ShardName(int shard) => "s" + shard.ToString(CultureInfo.InvariantCulture);
}
