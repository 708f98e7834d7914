using Commerce.Recommendations.Interactions;

namespace Commerce.Recommendations.Serving;

/// <summary>Until the catalog and inventory answer: everything is sellable.</summary>
public sealed class EverythingSellable : ISellableProducts
{
    public Task<IReadOnlySet<string>> WhichAreSellableAsync(IReadOnlyCollection<string> productIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlySet<string>>(productIds.ToHashSet(StringComparer.Ordinal));
}

/// <summary>Until analytics aggregates answer: the current model's trending list (computed from interactions), or none.</summary>
public sealed class ModelTrendingProducts(RecommendationModelHolder models) : ITrendingProducts
{
    public Task<IReadOnlyList<string>> TrendingAsync(int max, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(models.Current?.Trending.Take(max).ToList() ?? []);
}

/// <summary>
/// Purchases, recent activity and trending computed from a list of interactions in memory: the embedded adapter for
/// the dev host's demo data and for offline evaluation.
/// </summary>
public sealed class InteractionHistory : IPurchaseHistory, ICustomerActivity, ITrendingProducts
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();
    private readonly Dictionary<string, List<ProductInteraction>> _byUser = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _purchased = new(StringComparer.Ordinal);
    private readonly string[] _trending;

    public InteractionHistory(IEnumerable<Interaction> interactions, int trendingDays = 7)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var last = DateTimeOffset.MinValue;
        foreach (var i in interactions)
        {
            (_byUser.TryGetValue(i.UserId, out var list) ? list : _byUser[i.UserId] = []).Add(new ProductInteraction(i.ProductId, i.Kind, i.Timestamp));
            if (i.Kind == InteractionKind.Purchase)
            {
                (_purchased.TryGetValue(i.UserId, out var set) ? set : _purchased[i.UserId] = new(StringComparer.Ordinal)).Add(i.ProductId);
            }

            last = i.Timestamp > last ? i.Timestamp : last;
        }

        var from = last.AddDays(-trendingDays);
        var recent = new Dictionary<string, float>(StringComparer.Ordinal);
        foreach (var (_, list) in _byUser)
        {
            list.Sort(static (a, b) => a.Timestamp.CompareTo(b.Timestamp));
            foreach (var p in list.Where(p => p.Timestamp >= from))
            {
                recent[p.ProductId] = recent.GetValueOrDefault(p.ProductId) + p.Weight;
            }
        }

        _trending = [.. recent.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key)];
    }

    public IEnumerable<string> Users => _byUser.Keys;

    public Task<IReadOnlySet<string>> PurchasedByAsync(string customerId, CancellationToken cancellationToken = default) =>
        Task.FromResult(_purchased.TryGetValue(customerId, out var set) ? set : None);

    public Task<IReadOnlyList<ProductInteraction>> RecentAsync(string customerId, int max, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<ProductInteraction>>(_byUser.TryGetValue(customerId, out var list) ? list[Math.Max(0, list.Count - max)..] : []);

    public Task<IReadOnlyList<string>> TrendingAsync(int max, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>(_trending[..Math.Min(max, _trending.Length)]);
}
