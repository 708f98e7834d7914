using Commerce.Cart.Domain;
using Commerce.Documents;

namespace Commerce.Cart.Storage;

/// <summary>
/// Promotions (container <c>promotions</c>, id = partition key = code) and their usage (container <c>promotion-usage</c>,
/// partition key = code): a counter document <c>total</c>, one per customer <c>customer:{id}</c>, and one marker per
/// order <c>order:{orderId}</c> that makes redemption idempotent. Each counter is an ETag-conditional increment.
/// </summary>
public sealed class DocumentPromotionStore(IDocumentStore store) : IPromotionStore
{
    public const string UsageContainer = "promotion-usage";

    readonly IDocumentContainer<Promotion> promotions = store.Container<Promotion>(Promotion.Container);
    readonly IDocumentContainer<UsageCounter> usage = store.Container<UsageCounter>(UsageContainer);

    public async Task<Promotion?> FindAsync(string code, CancellationToken cancellationToken = default)
    {
        var id = Promotion.NormalizeCode(code);
        return id.Length is 0 or > 64 ? null : (await promotions.ReadAsync(id, id, cancellationToken))?.Value;
    }

    public async Task<PromotionUsage> GetUsageAsync(string code, string? customerId, CancellationToken cancellationToken = default)
    {
        var total = usage.ReadAsync(TotalId, code, cancellationToken);
        var mine = customerId is null ? Task.FromResult<Document<UsageCounter>?>(null) : usage.ReadAsync(CustomerId(customerId), code, cancellationToken);
        return new PromotionUsage((await total)?.Value.Count ?? 0, (await mine)?.Value.Count ?? 0);
    }

    public async Task SeedAsync(Promotion promotion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        try
        {
            await promotions.CreateAsync(promotion.Code, promotion.Code, promotion, null, cancellationToken);
        }
        catch (DocumentConflictException)
        {
            // Already there: seeding never overwrites an edited promotion.
        }
    }

    public async Task<RedemptionOutcome> RedeemAsync(Promotion promotion, string? customerId, string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        var code = promotion.Code;
        if (await usage.ReadAsync("order:" + orderId, code, cancellationToken) is not null)
        {
            return RedemptionOutcome.AlreadyRedeemed;
        }

        var current = await GetUsageAsync(code, customerId, cancellationToken);
        if (current.Total >= (promotion.MaxUses ?? long.MaxValue) || current.ByCustomer >= (promotion.MaxUsesPerCustomer ?? long.MaxValue))
        {
            return RedemptionOutcome.LimitReached;
        }

        try
        {
            await usage.CreateAsync("order:" + orderId, code, new UsageCounter(1), null, cancellationToken);
        }
        catch (DocumentConflictException)
        {
            return RedemptionOutcome.AlreadyRedeemed;
        }

        await usage.UpdateAsync(TotalId, code, c => new UsageCounter((c?.Count ?? 0) + 1), cancellationToken: cancellationToken);
        if (customerId is not null)
        {
            await usage.UpdateAsync(CustomerId(customerId), code, c => new UsageCounter((c?.Count ?? 0) + 1), cancellationToken: cancellationToken);
        }

        return RedemptionOutcome.Redeemed;
    }

    const string TotalId = "total";

    static string CustomerId(string customerId) => "customer:" + customerId;

    /// <summary>A usage counter document.</summary>
    public sealed record UsageCounter(long Count);
}
