using Commerce.Cart.Domain;
using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Cart.Storage;

/// <summary>
/// Promotions (container <c>promotions</c>, id = partition key = code) and their usage (container <c>promotion-usage</c>,
/// partition key = code): a counter document <c>total</c> for a code with <see cref="Promotion.MaxUses"/>, and one per
/// claimant (<see cref="PromotionClaimants"/>) for a code with <see cref="Promotion.MaxUsesPerCustomer"/>. A code without
/// a limit has no counter to contend on (a popular code would otherwise serialize every checkout on one document).
/// Each claim, release and settlement is one ETag-conditional read-modify-write of a <see cref="PromotionCounter"/>
/// that checks the limit and records the order in the same write. Each promotion written is also published to the
/// promotion calendar (<see cref="PromotionWindow"/>: when it runs and what it targets), which demand forecasting reads.
/// </summary>
public sealed class DocumentPromotionStore(IDocumentStore store, TimeProvider clock) : IPromotionStore
{
    public const string UsageContainer = "promotion-usage";

    const string TotalId = "total";

    readonly IDocumentContainer<Promotion> promotions = store.Container<Promotion>(Promotion.Container);
    readonly IDocumentContainer<PromotionCounter> usage = store.Container<PromotionCounter>(UsageContainer);
    readonly IDocumentContainer<PromotionWindow> calendar = store.Container<PromotionWindow>(PromotionWindow.Container);

    public async Task<Promotion?> FindAsync(string code, CancellationToken cancellationToken = default)
    {
        var id = Promotion.NormalizeCode(code);
        return id.Length is 0 or > 64 ? null : (await promotions.ReadAsync(id, id, cancellationToken))?.Value;
    }

    public async Task<PromotionUsage> GetUsageAsync(string code, string? customerId, CancellationToken cancellationToken = default)
    {
        var total = usage.ReadAsync(TotalId, code, cancellationToken);
        var mine = customerId is null ? Task.FromResult<Document<PromotionCounter>?>(null) : usage.ReadAsync(PromotionClaimants.Customer(customerId), code, cancellationToken);
        return new PromotionUsage((await total)?.Value.Count ?? 0, (await mine)?.Value.Count ?? 0);
    }

    public async Task SeedAsync(Promotion promotion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        Promotion stored;
        try
        {
            stored = (await promotions.CreateAsync(promotion.Code, promotion.Code, promotion, null, cancellationToken)).Value;
        }
        catch (DocumentConflictException)
        {
            // Already there: seeding never overwrites an edited promotion (the stored one is what the calendar shows).
            stored = (await promotions.ReadAsync(promotion.Code, promotion.Code, cancellationToken))?.Value ?? promotion;
        }

        await calendar.UpsertAsync(stored.Code, PromotionWindow.Partition, WindowOf(stored), null, cancellationToken);
    }

    /// <summary>The calendar's view of a promotion: its window and the SKUs it targets.</summary>
    public static PromotionWindow WindowOf(Promotion promotion)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        return new PromotionWindow
        {
            Code = promotion.Code,
            Skus = promotion.Skus,
            Discount = promotion.IsDiscount,
            ValidFrom = promotion.ValidFrom,
            ValidUntil = promotion.ValidUntil,
        };
    }

    public async Task<RedemptionOutcome> RedeemAsync(Promotion promotion, string? claimant, string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        var outcomes = new List<RedemptionOutcome>();
        foreach (var (id, limit) in Counters(promotion, claimant))
        {
            var outcome = RedemptionOutcome.Redeemed;
            await usage.UpdateIfAsync(id, promotion.Code, current =>
            {
                // The decision of the attempt that ends the loop is the one returned.
                (outcome, var next) = (current ?? new PromotionCounter()).Claim(orderId, limit, clock.GetUtcNow());
                return next;
            }, cancellationToken: cancellationToken);
            if (outcome == RedemptionOutcome.LimitReached)
            {
                await ReleaseAsync(promotion, claimant, orderId, cancellationToken);
                return outcome;
            }

            outcomes.Add(outcome);
        }

        return outcomes.Count > 0 && outcomes.All(o => o == RedemptionOutcome.AlreadyRedeemed) ? RedemptionOutcome.AlreadyRedeemed : RedemptionOutcome.Redeemed;
    }

    public async Task ReleaseAsync(Promotion promotion, string? claimant, string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        foreach (var (id, _) in Counters(promotion, claimant))
        {
            await usage.UpdateIfAsync(id, promotion.Code, current => current?.Release(orderId, clock.GetUtcNow()), cancellationToken: cancellationToken);
        }
    }

    public async Task SettleAsync(Promotion promotion, string orderId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        if (promotion.MaxUses is not null)
        {
            await usage.UpdateIfAsync(TotalId, promotion.Code, current => current?.Settle(orderId, clock.GetUtcNow()), cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// The counters a use is checked against, the claimant's first: it is rarely contended, and a refusal there spares
    /// the code's shared total counter a write.
    /// </summary>
    static IEnumerable<(string Id, long Limit)> Counters(Promotion promotion, string? claimant)
    {
        if (promotion.MaxUsesPerCustomer is { } perClaimant && claimant is not null)
        {
            yield return (claimant, perClaimant);
        }

        if (promotion.MaxUses is { } total)
        {
            yield return (TotalId, total);
        }
    }
}
