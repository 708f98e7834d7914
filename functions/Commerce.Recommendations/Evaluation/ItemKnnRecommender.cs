using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Serving;
using Commerce.Recommendations.Training;

namespace Commerce.Recommendations.Evaluation;

/// <summary>
/// The plain item-kNN baseline: each product the shopper ever touched votes its cosine neighbours (see
/// <see cref="ItemKnn"/>) with its similarity, unweighted by recency or kind; the top-voted products the shopper has not
/// touched, topped up by popularity. Personal recommendations only.
/// </summary>
public sealed class ItemKnnRecommender : IRecommender
{
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];
    private readonly int[][] _neighbours;
    private readonly float[][] _similarities;
    private readonly InteractionHistory _history;
    private readonly ITrendingProducts _popular;

    public ItemKnnRecommender(IReadOnlyList<Interaction> train, InteractionHistory history, ITrendingProducts popular, int neighbours = 50)
    {
        ArgumentNullException.ThrowIfNull(train);
        var itemOf = new int[train.Count];
        for (var e = 0; e < train.Count; e++)
        {
            if (!_index.TryGetValue(train[e].ProductId, out var item))
            {
                item = _index[train[e].ProductId] = _ids.Count;
                _ids.Add(train[e].ProductId);
            }

            itemOf[e] = item;
        }

        (_neighbours, _similarities) = ItemKnn.Build(train, itemOf, _ids.Count, neighbours);
        _history = history;
        _popular = popular;
    }

    public async Task<RecommendationResult> RecommendForCustomerAsync(Shopper shopper, int count, IReadOnlyCollection<string>? exclusions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shopper);
        var history = shopper.CustomerId is null ? [] : await _history.RecentAsync(shopper.CustomerId, int.MaxValue, cancellationToken);
        var seen = history.Select(h => h.ProductId).Concat(shopper.RecentViews).Concat(exclusions ?? []).ToHashSet(StringComparer.Ordinal);
        var scores = new Dictionary<int, float>();
        foreach (var productId in seen)
        {
            if (_index.TryGetValue(productId, out var item))
            {
                for (var k = 0; k < _neighbours[item].Length; k++)
                {
                    System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(scores, _neighbours[item][k], out _) += _similarities[item][k];
                }
            }
        }

        var result = scores.Where(s => !seen.Contains(_ids[s.Key])).OrderByDescending(s => s.Value).ThenBy(s => s.Key)
            .Take(count).Select(s => _ids[s.Key]).ToList();
        var (source, answeredBy) = result.Count > 0
            ? (RecommendationSource.Personal, RecommendationAnswer.Cooccurrence)
            : (RecommendationSource.Trending, RecommendationAnswer.Trending);
        var fallback = await _popular.TrendingAsync(count + seen.Count + result.Count, cancellationToken);
        result.AddRange(fallback.Where(p => !seen.Contains(p) && !result.Contains(p)).Take(count - result.Count));
        return new RecommendationResult(result, source, null, answeredBy);
    }

    public Task<RecommendationResult> RelatedAsync(string productId, int count, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException("The item-kNN baseline answers personal recommendations only.");
}
