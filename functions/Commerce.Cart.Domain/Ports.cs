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

    /// <summary>
    /// Uses of the code counted so far (claimed by checkouts, released when they fail): in total and by the signed-in
    /// <paramref name="customerId"/> (0 for a guest). Only limits are counted: a code without <see cref="Promotion.MaxUses"/>
    /// shows 0 in total, one without <see cref="Promotion.MaxUsesPerCustomer"/> 0 by customer.
    /// </summary>
    Task<PromotionUsage> GetUsageAsync(string code, string? customerId, CancellationToken cancellationToken = default);

    /// <summary>Writes the promotion unless one with the same code exists.</summary>
    Task SeedAsync(Promotion promotion, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims one use of <paramref name="promotion"/> for the order <paramref name="orderId"/>, atomically against its
    /// limits: <see cref="Promotion.MaxUses"/>, and <see cref="Promotion.MaxUsesPerCustomer"/> for
    /// <paramref name="claimant"/> (a <see cref="PromotionClaimants"/> key; null: no per-customer limit applies).
    /// Concurrent claims never pass a limit; a repeat for the same order answers <see cref="RedemptionOutcome.AlreadyRedeemed"/>;
    /// a refusal leaves nothing claimed for the order.
    /// </summary>
    Task<RedemptionOutcome> RedeemAsync(Promotion promotion, string? claimant, string orderId, CancellationToken cancellationToken = default);

    /// <summary>Gives back the use <paramref name="orderId"/> claimed (its checkout failed); a no-op when it holds none (idempotent).</summary>
    Task ReleaseAsync(Promotion promotion, string? claimant, string orderId, CancellationToken cancellationToken = default);

    /// <summary>Keeps the use <paramref name="orderId"/> claimed for good (its order stands): it can no longer be released (idempotent).</summary>
    Task SettleAsync(Promotion promotion, string orderId, CancellationToken cancellationToken = default);
}

public enum RedemptionOutcome
{
    Redeemed,
    AlreadyRedeemed,
    LimitReached,
    UnknownCode,
}
