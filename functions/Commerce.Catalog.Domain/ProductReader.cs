using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Commerce.Documents;
using Commerce.Primitives;
using Microsoft.Extensions.Caching.Hybrid;

namespace Commerce.Catalog.Domain;

/// <summary>
/// A storefront-visible product, serialized once: the bytes a GET answers with and their entity tag, with its category
/// and SKUs (which price experiments it is in).
/// </summary>
[ImmutableObject(true)]
public sealed record CachedProduct(string Id, byte[] Json, string ETag)
{
    public string? CategoryId { get; init; }

    public IReadOnlyList<string> Skus { get; init; } = [];

    /// <summary>The product's <see cref="Domain.Product.PriceFrom"/>, worked out once.</summary>
    public IReadOnlyDictionary<string, long> PriceFrom { get; init; } = new Dictionary<string, long>();

    public static CachedProduct Of(Product product, string etag)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new(product.Id, JsonSerializer.SerializeToUtf8Bytes(product, CommerceJson.Options), etag) { CategoryId = product.CategoryId, Skus = [.. product.Variants.Select(v => v.Sku)], PriceFrom = product.PriceFrom() };
    }

    public Product Product() => JsonSerializer.Deserialize<Product>(Json, CommerceJson.Options)!;
}

/// <summary>Storefront reads: products (through <see cref="HybridCache"/>, invalidated by the writer), slugs and listings.</summary>
public sealed class ProductReader(IDocumentStore store, HybridCache cache, CatalogMetrics metrics)
{
    static readonly HybridCacheEntryOptions Entry = new() { Expiration = TimeSpan.FromMinutes(10), LocalCacheExpiration = TimeSpan.FromMinutes(10) };

    /// <summary>How long a listing page is reused; other instances see a product change within this time.</summary>
    public static readonly TimeSpan ListingLifetime = TimeSpan.FromSeconds(30);
    static readonly HybridCacheEntryOptions Listing = new() { Expiration = ListingLifetime, LocalCacheExpiration = ListingLifetime };
    long _listingGeneration;
    readonly IDocumentContainer<Product> _products = store.Container<Product>(CatalogContainers.Products);
    readonly IDocumentContainer<SlugLookup> _slugs = store.Container<SlugLookup>(CatalogContainers.Slugs);
    readonly IDocumentContainer<ProductSummary> _listings = store.Container<ProductSummary>(CatalogContainers.Listings);

    /// <summary>The active product with this id, or null (draft, archived and missing products are not shown).</summary>
    public async ValueTask<CachedProduct?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!ProductRules.IsId(id))
        {
            return null;
        }

        var missed = false;
        var cached = await cache.GetOrCreateAsync(ProductKey(id), (this, id), async (state, ct) =>
        {
            missed = true;
            return Shown(await state.Item1._products.ReadAsync(state.id, state.id, ct));
        }, Entry, cancellationToken: cancellationToken);
        if (missed)
        {
            metrics.CacheMiss();
        }
        else
        {
            metrics.CacheHit();
        }

        return cached;
    }

    /// <summary>
    /// The active products of <paramref name="ids"/> by id, as <see cref="GetAsync"/> answers each (draft, archived and
    /// missing ones left out): those in the cache from it, the rest in one batch read of the store, then cached.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, CachedProduct>> GetManyAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new Dictionary<string, CachedProduct>(StringComparer.Ordinal);
        var uncached = new List<DocumentKey>();
        foreach (var id in ids.Where(ProductRules.IsId).Distinct(StringComparer.Ordinal))
        {
            var cached = await cache.GetOrCreateAsync(ProductKey(id), static _ => ValueTask.FromResult<CachedProduct?>(NotCached), CacheOnly, cancellationToken: cancellationToken);
            if (ReferenceEquals(cached, NotCached))
            {
                uncached.Add(new DocumentKey(id, id));
                continue;
            }

            metrics.CacheHit();
            if (cached is not null)
            {
                found[id] = cached;
            }
        }

        if (uncached.Count == 0)
        {
            return found;
        }

        var read = (await _products.ReadManyAsync(uncached, cancellationToken)).ToDictionary(d => d.Id, StringComparer.Ordinal);
        foreach (var id in uncached.Select(k => k.Id))
        {
            metrics.CacheMiss();
            var product = Shown(read.GetValueOrDefault(id));
            await cache.SetAsync(ProductKey(id), product, Entry, cancellationToken: cancellationToken);
            if (product is not null)
            {
                found[id] = product;
            }
        }

        return found;
    }

    /// <summary>The product as shoppers see it: only an active one (draft, archived and missing products are not shown).</summary>
    static CachedProduct? Shown(Document<Product>? document)
        => document is { Value.Status: ProductStatus.Active } ? CachedProduct.Of(document.Value, EntityTags.Of(document.ETag)) : null;

    /// <summary>What a cache-only lookup answers for a product the cache does not hold (never stored: <see cref="CacheOnly"/>).</summary>
    static readonly CachedProduct NotCached = new(string.Empty, [], string.Empty);

    static readonly HybridCacheEntryOptions CacheOnly = new() { Flags = HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite };

    public async ValueTask<CachedProduct?> GetBySlugAsync(string slug, CancellationToken cancellationToken = default)
    {
        if (!ProductRules.IsSlug(slug))
        {
            return null;
        }

        var id = await cache.GetOrCreateAsync(SlugKey(slug), (this, slug), async (state, ct) =>
            (await state.Item1._slugs.ReadAsync(state.slug, state.slug, ct))?.Value.ProductId, Entry, cancellationToken: cancellationToken);
        return id is null ? null : await GetAsync(id, cancellationToken);
    }

    /// <summary>
    /// Active products of a category (and its descendants), ordered by id, paged by an opaque continuation token. Pages
    /// are kept for <see cref="ListingLifetime"/>; a product written through this instance drops them all at once.
    /// </summary>
    public async Task<CatalogResult<ProductListing>> ListAsync(string? category, int pageSize, string? continuation, CancellationToken cancellationToken = default)
    {
        if (category is not null && !ProductRules.IsId(category))
        {
            return CatalogResult<ProductListing>.Invalid("category", "Not a category id.");
        }

        var partition = category ?? CatalogContainers.AllProductsPartition;
        var key = string.Create(CultureInfo.InvariantCulture, $"catalog:listing:{Volatile.Read(ref _listingGeneration)}:{partition}:{pageSize}:{JsonSerializer.Serialize(continuation, CommerceJson.Options)}");
        try
        {
            var page = await cache.GetOrCreateAsync(key, (this, partition, pageSize, continuation), static async (state, ct) =>
            {
                var page = await state.Item1._listings.QueryAsync(state.partition, new DocumentQuery { PageSize = state.pageSize, ContinuationToken = state.continuation }, ct);
                return new ProductListing([.. page.Items.Select(d => d.Value)], page.ContinuationToken);
            }, Listing, cancellationToken: cancellationToken);
            return new CatalogResult<ProductListing>(CatalogOutcome.Ok, page);
        }
        catch (ArgumentException)
        {
            return CatalogResult<ProductListing>.BreaksRule("unknown-continuation", "The continuation is not one this listing returned: pass it back unchanged.");
        }
    }

    internal async Task InvalidateAsync(string id, IEnumerable<string> slugs, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _listingGeneration);
        await cache.RemoveAsync(ProductKey(id), cancellationToken);
        await cache.RemoveAsync(slugs.Distinct(StringComparer.Ordinal).Select(SlugKey), cancellationToken);
    }

    static string ProductKey(string id) => "catalog:product:" + id;

    static string SlugKey(string slug) => "catalog:slug:" + slug;
}

/// <summary>A page of a category listing and the token of the next page (none on the last).</summary>
[ImmutableObject(true)]
public sealed record ProductListing(IReadOnlyList<ProductSummary> Items, string? Continuation);
