using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Pricing.Domain;

/// <summary>
/// The <see cref="PricingContainers.CategorySkus"/> index (the SKUs a pricing run walks, per category) kept in step with
/// the catalog, which owns a SKU's category (<see cref="SkuSnapshot.CategoryId"/>) and changes it without telling
/// pricing. Pricing follows wherever it reads a snapshot of a SKU it prices: setting its costs or guardrail, a
/// competitor price arriving, and the run's walk itself, which moves an entry it finds under the wrong category to
/// the right one instead of pricing it there. <see cref="SkuPricing.CategoryId"/> says where the SKU is listed, so a
/// move removes the old entry.
/// </summary>
public sealed class CategoryIndex(IDocumentStore store)
{
    readonly IDocumentContainer<SkuPricing> _skus = store.Container<SkuPricing>(PricingContainers.Skus);
    readonly IDocumentContainer<CategorySku> _categorySkus = store.Container<CategorySku>(PricingContainers.CategorySkus);

    /// <summary>Lists a SKU pricing holds a document for under <paramref name="categoryId"/> (the catalog's now), and nowhere else.</summary>
    public async Task FollowAsync(string sku, string? categoryId, CancellationToken cancellationToken = default)
    {
        var current = await _skus.ReadAsync(sku, sku, cancellationToken);
        if (current is null || current.Value.CategoryId == categoryId)
        {
            return;
        }

        if (categoryId is { Length: > 0 })
        {
            await _categorySkus.UpsertAsync(sku, categoryId, new CategorySku(sku, categoryId), cancellationToken: cancellationToken);
        }

        string? previous = null;
        await _skus.UpdateIfAsync(sku, sku, pricing =>
        {
            previous = pricing?.CategoryId;
            return pricing is null || pricing.CategoryId == categoryId ? null : pricing with { CategoryId = categoryId };
        }, cancellationToken: cancellationToken);
        if (previous is { Length: > 0 } && previous != categoryId)
        {
            await _categorySkus.DeleteAsync(sku, previous, cancellationToken: cancellationToken);
        }
    }

    /// <summary>
    /// True when <paramref name="entry"/> is where the catalog has the SKU now (<paramref name="snapshot"/>, the
    /// caller's read of the catalog; null when the catalog no longer has the SKU); otherwise the entry moves to the
    /// SKU's category (or goes, for a SKU the catalog no longer has) and the answer is false: the SKU is priced with
    /// its new category, not this one.
    /// </summary>
    public async Task<bool> InCategoryAsync(CategorySku entry, SkuSnapshot? snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (snapshot?.CategoryId == entry.CategoryId)
        {
            return true;
        }

        await FollowAsync(entry.Sku, snapshot?.CategoryId, cancellationToken);
        await _categorySkus.DeleteAsync(entry.Sku, entry.CategoryId, cancellationToken: cancellationToken);
        return false;
    }
}
