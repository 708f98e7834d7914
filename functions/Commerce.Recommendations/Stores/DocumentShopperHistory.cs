using Commerce.Documents;
using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Serving;

namespace Commerce.Recommendations.Stores;

/// <summary>
/// Purchases and recent activity of customers and anonymous sessions from the <see cref="InteractionsContainer"/>
/// (one point read per shopper).
/// </summary>
public sealed class DocumentShopperHistory(IDocumentStore store) : IPurchaseHistory, ICustomerActivity
{
    private readonly IDocumentContainer<ShopperActivity> _activity = store.Container<ShopperActivity>(InteractionsContainer.Name);

    public async Task<IReadOnlySet<string>> PurchasedByAsync(string customerId, CancellationToken cancellationToken = default) =>
        (await ReadAsync(InteractionsContainer.CustomerKey(customerId), cancellationToken))?.Purchased.ToHashSet(StringComparer.Ordinal) ?? [];

    public async Task<IReadOnlyList<ProductInteraction>> RecentAsync(string customerId, int max, CancellationToken cancellationToken = default) =>
        Recent(await ReadAsync(InteractionsContainer.CustomerKey(customerId), cancellationToken), max);

    /// <summary>An anonymous session's recent product interactions, oldest first (what it viewed, carted or bought).</summary>
    public async Task<IReadOnlyList<ProductInteraction>> SessionRecentAsync(string sessionId, int max, CancellationToken cancellationToken = default) =>
        Recent(await ReadAsync(InteractionsContainer.SessionKey(sessionId), cancellationToken), max);

    private async Task<ShopperActivity?> ReadAsync(string key, CancellationToken cancellationToken) =>
        (await _activity.ReadAsync(InteractionsContainer.ActivityId, key, cancellationToken))?.Value;

    private static ProductInteraction[] Recent(ShopperActivity? activity, int max) => activity is null
        ? []
        : [.. activity.Recent.Skip(Math.Max(0, activity.Recent.Count - max)).Select(r => new ProductInteraction(r.ProductId, r.Kind, r.Timestamp))];
}
