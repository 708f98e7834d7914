using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Serving;

namespace Commerce.Recommendations.Evaluation;

/// <summary>A temporal hold-out: everything before <see cref="Cutoff"/> trains, everything from it on is the test.</summary>
public sealed record HoldoutSplit(IReadOnlyList<Interaction> Train, IReadOnlyList<Interaction> Test, DateTimeOffset Cutoff)
{
    /// <summary>Splits interactions (temporal order) so the last <paramref name="holdoutDays"/> days are the test.</summary>
    public static HoldoutSplit Temporal(IReadOnlyList<Interaction> interactions, int holdoutDays)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        if (interactions.Count == 0)
        {
            return new HoldoutSplit([], [], DateTimeOffset.MinValue);
        }

        var cutoff = interactions.Max(i => i.Timestamp).AddDays(-holdoutDays);
        return new HoldoutSplit([.. interactions.Where(i => i.Timestamp < cutoff)], [.. interactions.Where(i => i.Timestamp >= cutoff)], cutoff);
    }
}

/// <summary>One shopper to evaluate: what they had before the cutoff (excluded) and what they newly touched after it.</summary>
public sealed record EvaluationTarget(string UserId, IReadOnlySet<string> Seen, IReadOnlySet<string> Relevant);

/// <summary>One recommender's figures on a split; <see cref="Hits"/> and <see cref="Ndcgs"/> are per shopper (target order).</summary>
public sealed record EvaluationRow(string Name, int Users, double HitRate, double Ndcg, double Coverage, int DistinctRecommended)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<double> Hits { get; init; } = [];

    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<double> Ndcgs { get; init; } = [];
}

/// <summary>
/// Offline evaluation on a temporal hold-out: for each shopper with history before the cutoff and new products after
/// it, ask the recommender for k products (excluding what they had already touched) and score HitRate@k, NDCG@k and
/// catalog coverage (distinct products recommended over catalog size).
/// </summary>
public static class OfflineEvaluation
{
    /// <summary>Shoppers to evaluate, in user-id order; an even sample of at most <paramref name="maxUsers"/>.</summary>
    public static IReadOnlyList<EvaluationTarget> Targets(HoldoutSplit split, int maxUsers)
    {
        ArgumentNullException.ThrowIfNull(split);
        var seen = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var i in split.Train)
        {
            (seen.TryGetValue(i.UserId, out var s) ? s : seen[i.UserId] = new(StringComparer.Ordinal)).Add(i.ProductId);
        }

        var relevant = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var i in split.Test)
        {
            if (seen.TryGetValue(i.UserId, out var before) && !before.Contains(i.ProductId))
            {
                (relevant.TryGetValue(i.UserId, out var r) ? r : relevant[i.UserId] = new(StringComparer.Ordinal)).Add(i.ProductId);
            }
        }

        var users = relevant.Keys.Order(StringComparer.Ordinal).ToList();
        var stride = Math.Max(1, users.Count / Math.Max(1, maxUsers));
        return [.. users.Where((_, n) => n % stride == 0).Take(maxUsers).Select(u => new EvaluationTarget(u, seen[u], relevant[u]))];
    }

    public static async Task<EvaluationRow> EvaluateAsync(
        string name, IRecommender recommender, IReadOnlyList<EvaluationTarget> targets, int catalogSize, int k = 10, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recommender);
        ArgumentNullException.ThrowIfNull(targets);
        var metrics = new MetricsAccumulator<string>(k);
        foreach (var target in targets)
        {
            var result = await recommender.RecommendForCustomerAsync(Shopper.Customer(target.UserId), k, [.. target.Seen], cancellationToken);
            metrics.Add(result.ProductIds, target.Relevant);
        }

        return new EvaluationRow(name, metrics.Users, metrics.HitRate, metrics.Ndcg, metrics.Coverage(catalogSize), metrics.DistinctRecommended)
        {
            Hits = metrics.Hits,
            Ndcgs = metrics.Ndcgs,
        };
    }
}
