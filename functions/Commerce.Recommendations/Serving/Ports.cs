using Commerce.Recommendations.Interactions;

namespace Commerce.Recommendations.Serving;

/// <summary>Which products may be recommended right now: in stock and not archived (the catalog and inventory answer).</summary>
public interface ISellableProducts
{
    /// <summary>The subset of <paramref name="productIds"/> that is sellable.</summary>
    Task<IReadOnlySet<string>> WhichAreSellableAsync(IReadOnlyCollection<string> productIds, CancellationToken cancellationToken = default);
}

/// <summary>What a customer already bought (orders answer): never recommended again.</summary>
public interface IPurchaseHistory
{
    Task<IReadOnlySet<string>> PurchasedByAsync(string customerId, CancellationToken cancellationToken = default);
}

/// <summary>A customer's recent product interactions, oldest first (clickstream and orders answer).</summary>
public interface ICustomerActivity
{
    Task<IReadOnlyList<ProductInteraction>> RecentAsync(string customerId, int max, CancellationToken cancellationToken = default);
}

/// <summary>Trending products, most trending first (analytics aggregates answer): the cold-start fallback.</summary>
public interface ITrendingProducts
{
    Task<IReadOnlyList<string>> TrendingAsync(int max, CancellationToken cancellationToken = default);
}

/// <summary>Where training reads its data: interactions in temporal order and what is known about the products.</summary>
public interface ITrainingDataSource
{
    Task<TrainingData> LoadAsync(CancellationToken cancellationToken = default);
}

public sealed record TrainingData(IReadOnlyList<Interaction> Interactions, IReadOnlyDictionary<string, ProductFacts>? Products = null);
