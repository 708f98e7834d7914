using Commerce.Documents;
using Commerce.Recommendations.Serving;
using Microsoft.Extensions.Options;

namespace Commerce.Recommendations.Stores;

/// <summary>
/// Trending products as analytics last published them from its aggregates (one point read, cached for
/// <see cref="RecommendationOptions.RefreshInterval"/>); until analytics has published a list, the current model's.
/// </summary>
public sealed class DocumentTrendingProducts(IDocumentStore store, RecommendationModelHolder models, IOptions<RecommendationOptions> options, TimeProvider clock) : ITrendingProducts
{
    private readonly IDocumentContainer<TrendingList> _trending = store.Container<TrendingList>(InteractionsContainer.Name);
    private readonly ModelTrendingProducts _fromModel = new(models);
    private Cached? _cached;

    /// <summary>Publishes the list serving falls back to (analytics calls this on its schedule).</summary>
    public Task PublishAsync(TrendingList list, CancellationToken cancellationToken = default) =>
        _trending.UpsertAsync(InteractionsContainer.TrendingId, InteractionsContainer.TrendingId, list, cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<string>> TrendingAsync(int max, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var cached = Volatile.Read(ref _cached);
        if (cached is null || now >= cached.Expires)
        {
            var list = (await _trending.ReadAsync(InteractionsContainer.TrendingId, InteractionsContainer.TrendingId, cancellationToken))?.Value;
            Volatile.Write(ref _cached, cached = new Cached(list, now + options.Value.RefreshInterval));
        }

        return cached.List is { ProductIds.Count: > 0 } published
            ? [.. published.ProductIds.Take(max)]
            : await _fromModel.TrendingAsync(max, cancellationToken);
    }

    private sealed record Cached(TrendingList? List, DateTimeOffset Expires);
}
