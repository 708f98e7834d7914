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

/// <summary>The pricing run's work: the categories with pricing, each category's model retrained, and per category the proposals the rule makes.</summary>
public sealed class PricingRuns(IDocumentStore store, PricingService pricing, CompetitorPrices competitors, CategoryIndex index, PriceModels models, DemandSignals demand, IOptions<PricingOptions> options)
{
    readonly IDocumentContainer<CategoryPricing> _categories = store.Container<CategoryPricing>(PricingContainers.Categories);
    readonly IDocumentContainer<CategorySku> _categorySkus = store.Container<CategorySku>(PricingContainers.CategorySkus);
    readonly IDocumentContainer<SkuSnapshot> _catalog = store.Container<SkuSnapshot>(SkuSnapshot.Container);

    public async Task<IReadOnlyList<string>> CategoriesAsync(CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        await foreach (var category in _categories.AllAsync(PricingContainers.CategoriesPartition, cancellationToken: cancellationToken))
        {
            ids.Add(category.CategoryId);
        }

        return ids;
    }

    /// <summary>Retrains the category's price model (the previous one stays when the history is too thin).</summary>
    public Task<PriceResponseModel?> TrainAsync(string categoryId, CancellationToken cancellationToken = default) => models.TrainAsync(categoryId, cancellationToken);

    /// <summary>Proposes prices for every SKU of <paramref name="categoryId"/> pricing holds a cost for.</summary>
    public async Task<CategoryRunResult> ProposeAsync(string categoryId, string runId, CancellationToken cancellationToken = default)
    {
        var (skus, proposed) = (0, 0);
        var model = await models.CurrentAsync(categoryId, cancellationToken);
        await foreach (var entry in _categorySkus.AllAsync(categoryId, cancellationToken: cancellationToken))
        {
            var read = (await _catalog.ReadAsync(entry.Sku, entry.Sku, cancellationToken))?.Value;
            if (!await index.InCategoryAsync(entry, read, cancellationToken) || read is not { } snapshot)
            {
                continue; // the catalog moved it (or dropped it): the entry follows, and the SKU is priced with its new category
            }

            skus++;

            var signal = await demand.SignalAsync(snapshot, cancellationToken);
            var fresh = model is null ? await competitors.CurrentAsync(entry.Sku, cancellationToken) : [];
            var currencies = model is null ? fresh.Select(c => c.Currency).Distinct(StringComparer.Ordinal) : snapshot.Prices.Keys.Order(StringComparer.Ordinal);
            foreach (var currency in currencies)
            {
                if (await pricing.SituationAsync(entry.Sku, currency, cancellationToken) is not { } situation
                    || (model is null ? PricingRunRule.Target(situation.Situation.Current, fresh, signal.Available) : PricingRunRule.Target(situation.Situation, model, signal, options.Value.LowStockCoverDays)) is not { } target
                    || Guardrails.Clamp(situation.Situation, target) is not { } price
                    || price == situation.Situation.Current)
                {
                    continue;
                }

                var result = await pricing.ProposeAsync(entry.Sku, new ProposalInput(currency, price.Minor, Reason(runId, model, signal, target, price)), PricingRunRule.Actor, cancellationToken);
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
