using System.Globalization;
using System.Text.Json;
using Commerce.Primitives;
using Microsoft.Extensions.Caching.Hybrid;

namespace Commerce.Catalog.Domain;

/// <summary>
/// Keeps search and suggestion answers for a few seconds, so a flash sale's thousands of identical queries cost the
/// search service one each (HybridCache also lets only one caller compute a missing entry). Indexing through this
/// instance starts a new generation, so its own writes show in the next search; other instances see them within
/// <c>lifetime</c>, about as stale as a search service's near-real-time refresh. A shopper shown other prices (price
/// experiments) shares answers with the shoppers of the same arms only.
/// </summary>
public sealed class CachedProductSearch(IProductSearch inner, HybridCache cache, TimeSpan lifetime) : IProductSearch
{
    readonly HybridCacheEntryOptions _entry = new() { Expiration = lifetime, LocalCacheExpiration = lifetime };
    long _generation;

    public async Task IndexAsync(IReadOnlyList<Product> products, CancellationToken cancellationToken = default)
    {
        await inner.IndexAsync(products, cancellationToken);
        Interlocked.Increment(ref _generation);
    }

    public async Task<ProductSearchResults> SearchAsync(ProductSearchQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var key = Key("search", JsonSerializer.Serialize(query, CommerceJson.Options) + (query.Shopper is { } shopper ? JsonSerializer.Serialize(shopper.Key, CommerceJson.Options) : null));
        return await cache.GetOrCreateAsync(key, (inner, query), static (state, ct) => new ValueTask<ProductSearchResults>(state.inner.SearchAsync(state.query, ct)), _entry, cancellationToken: cancellationToken);
    }

    public async Task<IReadOnlyList<string>> SuggestAsync(string prefix, int size, CancellationToken cancellationToken = default)
    {
        var key = Key("suggest", string.Create(CultureInfo.InvariantCulture, $"{size}:{JsonSerializer.Serialize(prefix, CommerceJson.Options)}"));
        return (await cache.GetOrCreateAsync(key, (inner, prefix, size), static async (state, ct) => new Names(await state.inner.SuggestAsync(state.prefix, state.size, ct)), _entry, cancellationToken: cancellationToken)).Items;
    }

    /// <summary>Values are JSON-encoded: unambiguous, and free of the control characters HybridCache refuses in keys.</summary>
    string Key(string kind, string value) => string.Create(CultureInfo.InvariantCulture, $"catalog:{kind}:{Volatile.Read(ref _generation)}:{value}");

    /// <summary>Immutable, so HybridCache shares one instance instead of copying it per read.</summary>
    [System.ComponentModel.ImmutableObject(true)]
    sealed record Names(IReadOnlyList<string> Items);
}
