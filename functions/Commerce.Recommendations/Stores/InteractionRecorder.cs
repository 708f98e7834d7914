using Commerce.Contracts;
using Commerce.Documents;
using Commerce.Recommendations.Interactions;
using Microsoft.Extensions.Options;

namespace Commerce.Recommendations.Stores;

/// <summary>
/// Projects clickstream events (product views, add-to-carts, purchases) into the <see cref="InteractionsContainer"/>:
/// the hourly training log and each shopper's activity (the customer's when the event names one, else the session's).
/// An order's purchase event (the orders context publishes one per order, naming the order, not products) becomes one
/// purchase per product of the order: its lines are read from the order document and their SKUs' snapshots.
/// Idempotent under at-least-once delivery: log entries are keyed by event id, and activity skips event ids it holds.
/// </summary>
public sealed class InteractionRecorder(IDocumentStore store, IOptions<RecommendationOptions> options)
{
    public const int MaxRecent = 50;
    public const int MaxPurchased = 500;
    private static readonly TimeSpan ActivityRetention = TimeSpan.FromDays(90);

    private readonly IDocumentContainer<LoggedInteraction> _log = store.Container<LoggedInteraction>(InteractionsContainer.Name);
    private readonly IDocumentContainer<ShopperActivity> _activity = store.Container<ShopperActivity>(InteractionsContainer.Name);
    private readonly IDocumentContainer<PlacedOrder> _orders = store.Container<PlacedOrder>(PlacedOrder.Container);
    private readonly IDocumentContainer<SkuSnapshot> _skus = store.Container<SkuSnapshot>(SkuSnapshot.Container);

    /// <summary>The interaction an event stands for, or null when it says nothing about a product.</summary>
    public static InteractionKind? KindOf(StorefrontEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (string.IsNullOrEmpty(e.ProductId))
        {
            return null;
        }

        return e.Type switch
        {
            StorefrontEventTypes.ProductView => InteractionKind.View,
            StorefrontEventTypes.AddToCart => InteractionKind.AddToCart,
            StorefrontEventTypes.Purchase => InteractionKind.Purchase,
            _ => null,
        };
    }

    /// <summary>The training data's user id: the customer when known, else the session.</summary>
    public static string UserOf(StorefrontEvent e) =>
        e.CustomerId is { Length: > 0 } customer ? InteractionsContainer.CustomerKey(customer) : InteractionsContainer.SessionKey(e.SessionId);

    /// <summary>Records the events that are interactions; returns how many were.</summary>
    public async Task<int> RecordAsync(IReadOnlyList<StorefrontEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var interactions = events.Select(e => (Event: e, Kind: KindOf(e))).Where(x => x.Kind is not null).ToList();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        var orders = events.Where(e => e.Type == StorefrontEventTypes.Purchase && string.IsNullOrEmpty(e.ProductId) && !string.IsNullOrEmpty(e.OrderId)).ToList();
        await Parallel.ForEachAsync(orders, parallel, async (e, ct) =>
        {
            var products = await ProductsOfOrderAsync(e.OrderId!, ct);
            lock (interactions)
            {
                interactions.AddRange(products.Select(p => (e with { Id = $"{e.Id}:{p}", ProductId = p }, (InteractionKind?)InteractionKind.Purchase)));
            }
        });
        if (interactions.Count == 0)
        {
            return 0;
        }

        var logged = new DocumentWriteOptions { TimeToLive = TimeSpan.FromDays(options.Value.DataDays + 1) };
        await Parallel.ForEachAsync(interactions, parallel, async (x, ct) =>
        {
            var e = x.Event;
            await _log.UpsertAsync(e.Id, InteractionsContainer.HourKey(e.Timestamp), new LoggedInteraction(UserOf(e), e.ProductId!, x.Kind!.Value, e.Timestamp), logged, ct);
        });

        var kept = new DocumentWriteOptions { TimeToLive = ActivityRetention };
        await Parallel.ForEachAsync(interactions.GroupBy(x => UserOf(x.Event), StringComparer.Ordinal), parallel, async (shopper, ct) =>
        {
            var entries = shopper.Select(x => new ActivityEntry(x.Event.Id, x.Event.ProductId!, x.Kind!.Value, x.Event.Timestamp)).ToList();
            await _activity.UpdateAsync(InteractionsContainer.ActivityId, shopper.Key, current => Merge(current, entries), kept, cancellationToken: ct);
        });
        return interactions.Count;
    }

    private async Task<IReadOnlyList<string>> ProductsOfOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        var order = (await _orders.ReadAsync(orderId, orderId, cancellationToken))?.Value;
        if (order is null)
        {
            return [];
        }

        var skus = await Task.WhenAll(order.Lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal).Select(sku => _skus.ReadAsync(sku, sku, cancellationToken)));
        return [.. skus.OfType<Document<SkuSnapshot>>().Select(s => s.Value.ProductId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    /// <summary>Adds the entries not yet held (by event id), keeps the newest <see cref="MaxRecent"/> and the purchases.</summary>
    public static ShopperActivity Merge(ShopperActivity? current, IReadOnlyList<ActivityEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        current ??= new ShopperActivity();
        var held = current.Recent.Select(r => r.EventId).ToHashSet(StringComparer.Ordinal);
        var oldest = current.Recent.Count >= MaxRecent ? current.Recent[0].Timestamp : DateTimeOffset.MinValue;
        var fresh = entries.Where(e => held.Add(e.EventId)).ToList();
        if (fresh.Count == 0)
        {
            return current;
        }

        // An event older than everything a full list holds was evicted (or would be at once): purchases still count.
        var recent = current.Recent.Concat(fresh.Where(e => e.Timestamp >= oldest)).OrderBy(r => r.Timestamp).ToList();
        var purchased = current.Purchased.ToList();
        foreach (var p in fresh.Where(a => a.Kind == InteractionKind.Purchase).OrderBy(a => a.Timestamp))
        {
            purchased.Remove(p.ProductId);
            purchased.Add(p.ProductId);
        }

        return new ShopperActivity
        {
            Recent = recent[Math.Max(0, recent.Count - MaxRecent)..],
            Purchased = purchased[Math.Max(0, purchased.Count - MaxPurchased)..],
        };
    }
}
