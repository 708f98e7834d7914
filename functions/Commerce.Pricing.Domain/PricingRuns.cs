using System.Globalization;
using Commerce.Contracts;
using Commerce.Documents;
using Microsoft.Extensions.Options;

namespace Commerce.Pricing.Domain;

/// <summary>
/// The pricing run's rule. Where the SKU's category has a price model (<see cref="PriceResponseModel"/>), aim at the
/// price that maximizes expected margin (<see cref="PriceOptimizer"/>); without one, in each currency with fresh
/// competitor prices, aim at the lowest of them (match the market). Either way, never cut the price of scarce stock:
/// available units at or below <see cref="LowStockUnits"/>, or fewer days of cover than
/// <see cref="PricingOptions.LowStockCoverDays"/> at the current sell-through. The target is then clamped by the
/// guardrails (floor, ceiling, daily band; nothing while a checkout holds the SKU); no proposal when the clamped price
/// is the current one.
/// </summary>
public static class PricingRunRule
{
    /// <summary>Who proposes (and, in automatic categories, applies) a run's prices, in the history.</summary>
    public const string Actor = "pricing-run";

    public const long LowStockUnits = 5;

    /// <summary>The competitor rule's target before guardrails, or null when it has no reason to move.</summary>
    public static Money? Target(Money current, IEnumerable<CompetitorPrice> fresh, long? available)
    {
        var lowest = fresh.Where(c => string.Equals(c.Currency, current.Currency, StringComparison.Ordinal)).Select(c => (long?)c.Price).Min();
        return lowest is null ? null : Hold(current, Money.Of(lowest.Value, current.Currency), available is { } units && units <= LowStockUnits);
    }

    /// <summary>The model's target (the margin-maximizing price within the band), or null when the guardrails allow no price.</summary>
    public static Money? Target(PriceSituation situation, PriceResponseModel model, DemandSignal signal, double lowStockCoverDays)
    {
        ArgumentNullException.ThrowIfNull(situation);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(signal);
        if (situation.Cost is not { } cost || Guardrails.Band(situation, out _) is not { } band)
        {
            return null;
        }

        return Hold(situation.Current, PriceOptimizer.Best(model.Elasticity, cost, band), IsScarce(signal, lowStockCoverDays));
    }

    public static bool IsScarce(DemandSignal signal, double lowStockCoverDays)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return signal.Available is { } units && units <= LowStockUnits || signal.StockCoverDays < lowStockCoverDays;
    }

    /// <summary>No cut while stock is scarce (following the market up is fine).</summary>
    static Money? Hold(Money current, Money? target, bool scarce) => target is { } t && t < current && scarce ? null : target;
}

/// <summary>What one category's part of a pricing run proposed.</summary>
public sealed record CategoryRunResult(string CategoryId, int Skus, int Proposed);

/// <summary>One category's part of a pricing run: its proposals and the model it trained (null when the previous one stayed).</summary>
public sealed record CategoryRun(CategoryRunResult Result, PriceResponseModel? Trained);

/// <summary>
/// The pricing run's work: the categories with pricing and, per category, one pass over its SKUs (<see cref="RunCategoryAsync"/>):
/// each SKU's documents are read once (<see cref="SkuRead"/>), the category's model is retrained on them, and the rule's
/// proposals are made from the same reads. The SKU's price situation is passed to the proposal rather than read again; a
/// category in <see cref="ApprovalMode.Automatic"/> still applies against the SKU's documents read afresh (ETag).
/// </summary>
public sealed class PricingRuns(IDocumentStore store, PricingService pricing, CompetitorPrices competitors, CategoryIndex index, PriceModels models, DemandSignals demand, IOptions<PricingOptions> options)
{
    readonly IDocumentContainer<CategoryPricing> _categories = store.Container<CategoryPricing>(PricingContainers.Categories);
    readonly IDocumentContainer<CategorySku> _categorySkus = store.Container<CategorySku>(PricingContainers.CategorySkus);
    readonly IDocumentContainer<SkuSnapshot> _catalog = store.Container<SkuSnapshot>(SkuSnapshot.Container);
    readonly IDocumentContainer<SkuPricing> _skus = store.Container<SkuPricing>(PricingContainers.Skus);
    readonly IDocumentContainer<AppliedPrice> _applied = store.Container<AppliedPrice>(AppliedPrice.Container);
    readonly IDocumentContainer<SkuInventory> _inventory = store.Container<SkuInventory>(SkuInventory.Container);
    readonly IDocumentContainer<PriceChange> _changes = store.Container<PriceChange>(PricingContainers.Changes);

    public async Task<IReadOnlyList<string>> CategoriesAsync(CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        await foreach (var category in _categories.AllAsync(PricingContainers.CategoriesPartition, cancellationToken: cancellationToken))
        {
            ids.Add(category.CategoryId);
        }

        return ids;
    }

    /// <summary>The run's part for one category: retrain its price model (the previous one stays when the history is too thin), then propose with it.</summary>
    public async Task<CategoryRun> RunCategoryAsync(string categoryId, string runId, CancellationToken cancellationToken = default)
    {
        var reads = await ReadCategoryAsync(categoryId, cancellationToken);
        var trained = await models.TrainAsync(categoryId, reads.SelectMany(r => r.Observations), cancellationToken);
        var model = trained ?? await models.CurrentAsync(categoryId, cancellationToken);
        return new CategoryRun(await ProposeAsync(categoryId, runId, reads, model, cancellationToken), trained);
    }

    /// <summary>Retrains the category's price model alone (the previous one stays when the history is too thin).</summary>
    public async Task<PriceResponseModel?> TrainAsync(string categoryId, CancellationToken cancellationToken = default)
        => await models.TrainAsync(categoryId, (await ReadCategoryAsync(categoryId, cancellationToken)).SelectMany(r => r.Observations), cancellationToken);

    /// <summary>Proposes prices, with the category's current model, for every SKU of <paramref name="categoryId"/> pricing holds a cost for.</summary>
    public async Task<CategoryRunResult> ProposeAsync(string categoryId, string runId, CancellationToken cancellationToken = default)
        => await ProposeAsync(categoryId, runId, await ReadCategoryAsync(categoryId, cancellationToken), await models.CurrentAsync(categoryId, cancellationToken), cancellationToken);

    /// <summary>
    /// One SKU of the category index as the run read it: its documents (null when the catalog no longer has the SKU),
    /// its training rows and its demand signal.
    /// </summary>
    sealed record SkuRead(CategorySku Entry, SkuPriceDocuments? Documents, IReadOnlyList<PriceObservation> Observations, DemandSignal? Signal);

    async Task<IReadOnlyList<SkuRead>> ReadCategoryAsync(string categoryId, CancellationToken cancellationToken)
    {
        var (trainingFrom, signalFrom) = (models.TrainingFrom, demand.SignalFrom);
        var (from, to) = (trainingFrom < signalFrom ? trainingFrom : signalFrom, demand.LastWholeDay);
        var reads = new List<SkuRead>();
        await foreach (var entry in _categorySkus.AllAsync(categoryId, cancellationToken: cancellationToken))
        {
            reads.Add(await ReadSkuAsync(entry, from, to, cancellationToken));
        }

        return reads;
    }

    /// <summary>A SKU's catalog snapshot, pricing, applied price, stock, changes (every currency) and demand from <paramref name="from"/>: each read once.</summary>
    async Task<SkuRead> ReadSkuAsync(CategorySku entry, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var sku = entry.Sku;
        if ((await _catalog.ReadAsync(sku, sku, cancellationToken))?.Value is not { } snapshot)
        {
            return new SkuRead(entry, null, [], null);
        }

        var skuPricing = (await _skus.ReadAsync(sku, sku, cancellationToken))?.Value;
        var applied = (await _applied.ReadAsync(sku, sku, cancellationToken))?.Value;
        var inventory = (await _inventory.ReadAsync(sku, sku, cancellationToken))?.Value;
        var newestFirst = new List<PriceChange>();
        await foreach (var change in _changes.AllAsync(sku, new DocumentQuery { OrderBy = "at", Descending = true }, cancellationToken: cancellationToken))
        {
            newestFirst.Add(change);
        }

        var days = await demand.DaysAsync(snapshot, from, to, cancellationToken);
        return new SkuRead(entry, new SkuPriceDocuments(snapshot, applied, skuPricing, inventory, newestFirst), models.Observations(snapshot, skuPricing, applied, newestFirst, days), demand.Signal(days, inventory));
    }

    async Task<CategoryRunResult> ProposeAsync(string categoryId, string runId, IReadOnlyList<SkuRead> reads, PriceResponseModel? model, CancellationToken cancellationToken)
    {
        var (skus, proposed) = (0, 0);
        var category = (await _categories.ReadAsync(categoryId, PricingContainers.CategoriesPartition, cancellationToken))?.Value;
        foreach (var read in reads)
        {
            if (!await index.InCategoryAsync(read.Entry, read.Documents?.Snapshot, cancellationToken) || read is not { Documents: { } documents, Signal: { } signal })
            {
                continue; // the catalog moved it (or dropped it): the entry follows, and the SKU is priced with its new category
            }

            skus++;
            var sku = read.Entry.Sku;
            var fresh = model is null ? await competitors.CurrentAsync(sku, cancellationToken) : [];
            var currencies = model is null ? fresh.Select(c => c.Currency).Distinct(StringComparer.Ordinal) : documents.Snapshot.Prices.Keys.Order(StringComparer.Ordinal);
            foreach (var currency in currencies)
            {
                if (pricing.Situation(documents, category, currency) is not { } situation
                    || (model is null ? PricingRunRule.Target(situation.Situation.Current, fresh, signal.Available) : PricingRunRule.Target(situation.Situation, model, signal, options.Value.LowStockCoverDays)) is not { } target
                    || Guardrails.Clamp(situation.Situation, target) is not { } price
                    || price == situation.Situation.Current)
                {
                    continue;
                }

                var result = await pricing.ProposeAsync(sku, new ProposalInput(currency, price.Minor, Reason(runId, model, signal, target, price)), PricingRunRule.Actor, _ => Task.FromResult<(PriceSituation, ApprovalMode)?>(situation), cancellationToken);
                proposed += result.Outcome is PricingOutcome.Created or PricingOutcome.Ok ? 1 : 0;
            }
        }

        return new CategoryRunResult(categoryId, skus, proposed);
    }

    static string Reason(string runId, PriceResponseModel? model, DemandSignal signal, Money target, Money price)
    {
        var cover = signal.StockCoverDays is { } days ? days.ToString("F0", CultureInfo.InvariantCulture) + " days" : "unknown";
        var why = model is null
            ? $"lowest fresh competitor price {target}"
            : string.Create(CultureInfo.InvariantCulture, $"price model (elasticity {model.Elasticity:F2}, {model.Observations} SKU-days) maximizes expected margin at {target}");
        return string.Create(CultureInfo.InvariantCulture, $"Pricing run {runId}: {why}; over {signal.Days} days {signal.Views} views, add-to-cart {signal.AddToCartRate:P1}, conversion {signal.ConversionRate:P1}, stock cover {cover}; clamped to {price} by the guardrails.");
    }
}
