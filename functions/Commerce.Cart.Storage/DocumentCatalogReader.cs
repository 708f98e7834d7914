using Commerce.Cart.Domain;
using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Cart.Storage;

/// <summary>Reads the catalog's <see cref="SkuSnapshot"/> and the orders context's <see cref="SkuInventory"/> documents by point reads (id = partition key = SKU), in parallel.</summary>
public sealed class DocumentCatalogReader(IDocumentStore store) : ICatalogReader
{
    readonly IDocumentContainer<SkuSnapshot> skus = store.Container<SkuSnapshot>(SkuSnapshot.Container);
    readonly IDocumentContainer<SkuInventory> inventory = store.Container<SkuInventory>(SkuInventory.Container);

    public async Task<IReadOnlyDictionary<string, SkuSnapshot>> GetSkusAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken = default)
    {
        var docs = await Task.WhenAll(skus.Distinct().Select(sku => this.skus.ReadAsync(sku, sku, cancellationToken)));
        return docs.OfType<Document<SkuSnapshot>>().ToDictionary(d => d.Id, d => d.Value, StringComparer.Ordinal);
    }

    public async Task<IReadOnlyDictionary<string, long>> GetAvailableAsync(IReadOnlyCollection<string> skus, CancellationToken cancellationToken = default)
    {
        var docs = await Task.WhenAll(skus.Distinct().Select(sku => inventory.ReadAsync(sku, sku, cancellationToken)));
        return docs.OfType<Document<SkuInventory>>().ToDictionary(d => d.Id, d => d.Value.Available, StringComparer.Ordinal);
    }
}
