using Commerce.Contracts;

namespace Commerce.Cart.Domain;

/// <summary>Where carts are kept: point reads and ETag-conditional writes by cart id.</summary>
public interface ICartRepository
{
    Task<StoredCart?> FindAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Creates the cart; null when a cart with that id already exists.</summary>
    Task<StoredCart?> CreateAsync(ShoppingCart cart, TimeSpan? timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Replaces the cart if its ETag is still <paramref name="ifMatch"/>; null when it changed or is gone.</summary>
    Task<StoredCart?> ReplaceAsync(ShoppingCart cart, string ifMatch, TimeSpan? timeToLive, CancellationToken cancellationToken = default);

    /// <summary>Deletes the cart if its ETag is still <paramref name="ifMatch"/>; false when it changed or is gone.</summary>
    Task<bool> DeleteAsync(string id, string ifMatch, CancellationToken cancellationToken = default);
}

/// <summary>What the catalog and the stock say about SKUs now (read-only: other contexts own these documents).</summary>
public interface ICatalogReader
{
    /// <summary>The snapshots of the SKUs that exist; unknown SKUs are absent from the result.</summary>
    Task<IReadOnlyDictionary<string, SkuSnapshot>> GetSkusAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken = default);

    /// <summary>Units available per SKU; a SKU without a stock document has none.</summary>
    Task<IReadOnlyDictionary<string, long>> GetAvailableAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken = default);
}

/// <summary>Promotion definitions and their usage counters.</summary>
public interface IPromotionStore
{
    Task<Promotion?> FindAsync(string code, CancellationToken cancellationToken = default);

    /// <summary>Orders that used the code so far: in total and by <paramref name="customerId"/> (0 for a guest).</summary>
    Task<PromotionUsage> GetUsageAsync(string code, string? customerId, CancellationToken cancellationToken = default);

    /// <summary>Writes the promotion unless one with the same code exists.</summary>
    Task SeedAsync(Promotion promotion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Counts one use of <paramref name="promotion"/> by the order <paramref name="orderId"/> (idempotent per order),
    /// refusing when a usage limit is reached.
    /// </summary>
    Task<RedemptionOutcome> RedeemAsync(Promotion promotion, string? customerId, string orderId, CancellationToken cancellationToken = default);
}

public enum RedemptionOutcome
{
    Redeemed,
    AlreadyRedeemed,
    LimitReached,
    UnknownCode,
}
