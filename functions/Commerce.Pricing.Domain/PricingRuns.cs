using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Pricing.Domain;

/// <summary>
/// The pricing run's rule (first slice; the ML price-response model replaces it later): in each currency a SKU has
/// fresh competitor prices in, aim at the lowest of them (match the market), except never cut the price of a SKU whose
/// available stock is at or below <see cref="LowStockUnits"/> (scarce stock is not discounted). The target is then
/// clamped by the guardrails (floor, ceiling, daily band; nothing while a checkout holds the SKU); no proposal when the
/// clamped price is the current one.
/// </summary>
public static class PricingRunRule
{
    /// <summary>Who proposes (and, in automatic categories, applies) a run's prices, in the history.</summary>
    public const string Actor = "pricing-run";

    public const long LowStockUnits = 5;

    /// <summary>The price the rule aims at before guardrails, or null when it has no reason to move.</summary>
    public static Money? Target(Money current, IEnumerable<CompetitorPrice> fresh, long? available)
    {
        var lowest = fresh.Where(c => string.Equals(c.Currency, current.Currency, StringComparison.Ordinal)).Select(c => (long?)c.Price).Min();
        if (lowest is null)
        {
            return null;
        }

        var target = Money.Of(lowest.Value, current.Currency);
        return target < current && available is { } units && units <= LowStockUnits ? null : target;
    }
}

/// <summary>What one category's part of a pricing run proposed.</summary>
public sealed record CategoryRunResult(string CategoryId, int Skus, int Proposed);

/// <summary>The pricing run's work: the categories with pricing, and per category the proposals the rule makes.</summary>
public sealed class PricingRuns(IDocumentStore store, PricingService pricing, CompetitorPrices competitors, CategoryIndex index)
{
    readonly IDocumentContainer<CategoryPricing> _categories = store.Container<CategoryPricing>(PricingContainers.Categories);
    readonly IDocumentContainer<CategorySku> _categorySkus = store.Container<CategorySku>(PricingContainers.CategorySkus);
    readonly IDocumentContainer<SkuInventory> _inventory = store.Container<SkuInventory>(SkuInventory.Container);

    public async Task<IReadOnlyList<string>> CategoriesAsync(CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        await foreach (var category in AllAsync(_categories, PricingContainers.CategoriesPartition, cancellationToken))
        {
            ids.Add(category.CategoryId);
        }

        return ids;
    }

    /// <summary>Proposes prices for every SKU of <paramref name="categoryId"/> pricing holds a cost for.</summary>
    public async Task<CategoryRunResult> ProposeAsync(string categoryId, string runId, CancellationToken cancellationToken = default)
    {
        var (skus, proposed) = (0, 0);
        await foreach (var entry in AllAsync(_categorySkus, categoryId, cancellationToken))
        {
            if (!await index.InCategoryAsync(entry, cancellationToken))
            {
                continue; // the catalog moved it: the entry follows, and the SKU is priced with its new category
            }

            skus++;
            var fresh = await competitors.CurrentAsync(entry.Sku, cancellationToken);
            var available = (await _inventory.ReadAsync(entry.Sku, entry.Sku, cancellationToken))?.Value.Available;
            foreach (var currency in fresh.Select(c => c.Currency).Distinct(StringComparer.Ordinal))
            {
                if (await pricing.SituationAsync(entry.Sku, currency, cancellationToken) is not { } situation
                    || PricingRunRule.Target(situation.Situation.Current, fresh, available) is not { } target
                    || Guardrails.Clamp(situation.Situation, target) is not { } price
                    || price == situation.Situation.Current)
                {
                    continue;
                }

                var reason = $"Pricing run {runId}: lowest fresh competitor price {target}, clamped to {price} by the guardrails.";
                var result = await pricing.ProposeAsync(entry.Sku, new ProposalInput(currency, price.Minor, reason), PricingRunRule.Actor, cancellationToken);
                proposed += result.Outcome is PricingOutcome.Created or PricingOutcome.Ok ? 1 : 0;
            }
        }

        return new CategoryRunResult(categoryId, skus, proposed);
    }

    static async IAsyncEnumerable<T> AllAsync<T>(IDocumentContainer<T> container, string partition, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        string? continuation = null;
        do
        {
            var page = await container.QueryAsync(partition, new DocumentQuery { PageSize = DocumentQueryRules.MaxPageSize, ContinuationToken = continuation }, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item.Value;
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
    }
}
