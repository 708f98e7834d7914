using Commerce.Recommendations.Interactions;

namespace Commerce.Recommendations.Serving;

/// <summary>Who is asking: a signed-in customer, an anonymous session's recent views, or both.</summary>
public sealed record Shopper(string? CustomerId, IReadOnlyList<string> RecentViews)
{
    public static Shopper Customer(string customerId) => new(customerId, []);

    public static Shopper Session(IReadOnlyList<string> recentViews) => new(null, recentViews);
}

/// <summary>Where a recommendation list came from.</summary>
public enum RecommendationSource
{
    /// <summary>The model, from the shopper's history.</summary>
    Personal,

    /// <summary>The model's neighbours of one product (bought or viewed together).</summary>
    Related,

    /// <summary>The trending fallback (no model yet, cold start, or nothing the model knows).</summary>
    Trending,
}

/// <summary>Which part of the recommender chose the products (<see cref="RecommendationResult.AnsweredBy"/>).</summary>
public static class RecommendationAnswer
{
    /// <summary>The model's candidates, ordered by its learned ranker.</summary>
    public const string Model = "model";

    /// <summary>The model's candidates in co-occurrence order: related products, or a model trained without its ranker.</summary>
    public const string Cooccurrence = "co-occurrence";

    /// <summary>The trending fallback: no model, or nothing the model knows about this shopper or product.</summary>
    public const string Trending = "trending";

    /// <summary>The response header that carries <see cref="RecommendationResult.AnsweredBy"/>.</summary>
    public const string Header = "X-Recommendations-Answered-By";
}

/// <summary>
/// Recommended product ids, best first, where they came from, the model version (null without a model), and which
/// part of the recommender answered (<see cref="RecommendationAnswer"/>: model, co-occurrence or trending).
/// </summary>
public sealed record RecommendationResult(IReadOnlyList<string> ProductIds, RecommendationSource Source, string? ModelVersion, string AnsweredBy);

/// <summary>Personal and related recommendations; always answers (trending fills whatever the model can't).</summary>
public interface IRecommender
{
    Task<RecommendationResult> RecommendForCustomerAsync(Shopper shopper, int count, IReadOnlyCollection<string>? exclusions = null, CancellationToken cancellationToken = default);

    Task<RecommendationResult> RelatedAsync(string productId, int count, CancellationToken cancellationToken = default);
}

/// <summary>
/// Serving: reads the current model once per request, excludes what the shopper already has (history, purchases, the
/// caller's exclusions) and what can't be sold, and tops up from trending.
/// </summary>
public sealed class Recommender(
    RecommendationModelHolder models,
    ISellableProducts sellable,
    IPurchaseHistory purchases,
    ICustomerActivity activity,
    ITrendingProducts trending) : IRecommender
{
    public const int MaxCount = 100;
    private const int HistoryLimit = 50;

    public async Task<RecommendationResult> RecommendForCustomerAsync(
        Shopper shopper, int count, IReadOnlyCollection<string>? exclusions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shopper);
        count = Math.Clamp(count, 1, MaxCount);
        var model = models.Current;
        var excluded = new HashSet<string>(exclusions ?? [], StringComparer.Ordinal);
        var history = new List<ProductInteraction>();
        if (shopper.CustomerId is { } customerId)
        {
            excluded.UnionWith(await purchases.PurchasedByAsync(customerId, cancellationToken));
            history.AddRange(await activity.RecentAsync(customerId, HistoryLimit, cancellationToken));
        }

        history.AddRange(shopper.RecentViews.Select(p => new ProductInteraction(p, InteractionKind.View, DateTimeOffset.MaxValue)));
        excluded.UnionWith(history.Select(h => h.ProductId));
        var personal = model is null || history.Count == 0
            ? []
            : model.Recommend(history, count * 3, excluded.Contains);
        var answeredBy = model?.HasRanker == true ? RecommendationAnswer.Model : RecommendationAnswer.Cooccurrence;
        return await CompleteAsync(personal, RecommendationSource.Personal, answeredBy, count, excluded, model?.Version, cancellationToken);
    }

    public async Task<RecommendationResult> RelatedAsync(string productId, int count, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(productId);
        count = Math.Clamp(count, 1, MaxCount);
        var model = models.Current;
        var excluded = new HashSet<string>(StringComparer.Ordinal) { productId };
        var related = model?.Related(productId, count * 3, excluded.Contains) ?? [];
        return await CompleteAsync(related, RecommendationSource.Related, RecommendationAnswer.Cooccurrence, count, excluded, model?.Version, cancellationToken);
    }

    private async Task<RecommendationResult> CompleteAsync(
        IReadOnlyList<string> fromModel, RecommendationSource source, string answeredBy, int count, HashSet<string> excluded, string? version, CancellationToken cancellationToken)
    {
        var result = await SellableAsync(fromModel, count, excluded, cancellationToken);
        if (result.Count < count)
        {
            var fallback = await trending.TrendingAsync(count * 3 + excluded.Count, cancellationToken);
            excluded.UnionWith(result);
            result.AddRange(await SellableAsync(fallback, count - result.Count, excluded, cancellationToken));
        }

        var fromModelCount = result.Count(fromModel.Contains);
        return fromModelCount == 0
            ? new RecommendationResult(result, RecommendationSource.Trending, version, RecommendationAnswer.Trending)
            : new RecommendationResult(result, source, version, answeredBy);
    }

    private async Task<List<string>> SellableAsync(IReadOnlyList<string> candidates, int count, HashSet<string> excluded, CancellationToken cancellationToken)
    {
        var wanted = candidates.Where(c => !excluded.Contains(c)).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return [];
        }

        var ok = await sellable.WhichAreSellableAsync(wanted, cancellationToken);
        return [.. wanted.Where(ok.Contains).Take(count)];
    }
}
