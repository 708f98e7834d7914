using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Serving;
using Commerce.Recommendations.Storage;
using Commerce.Recommendations.Training;

namespace Commerce.Recommendations.Evaluation;

/// <summary>One recommender's figures with 95 % bootstrap intervals over shoppers, and its ratios to popularity (paired).</summary>
public sealed record ComparisonRow(string Name, int Users, Interval HitRate, Interval Ndcg, Interval HitRateVsPopularity, Interval NdcgVsPopularity, double Coverage);

/// <summary>A data set's temporal hold-out and the recommenders' figures on it.</summary>
public sealed record Comparison(
    string Dataset, int Interactions, int Products, int Shoppers, DateTimeOffset Cutoff, int TrainInteractions, int TestInteractions,
    IReadOnlyList<ComparisonRow> Rows, Interval FullVsItemKnnHitRate, Interval FullVsItemKnnNdcg, ModelMetadata FullModel);

/// <summary>
/// Runs the recommenders side by side on a temporal hold-out (the last <c>holdoutDays</c> days are the test): popularity
/// (all-time, the baseline), trending (last 7 days), the plain item-kNN baseline, co-occurrence alone, and the full
/// model with each ranker (the first is the served one). Every row on the same shoppers, intervals paired.
/// </summary>
public static class HoldoutComparison
{
    public const string Popularity = "popularity (baseline)";
    public const string ItemKnn = "item-kNN, cosine (baseline)";

    public static async Task<(Comparison Comparison, RecommendationModel Model, Recommender Served, IReadOnlyList<EvaluationTarget> Targets)> RunAsync(
        string dataset,
        IReadOnlyList<Interaction> interactions,
        IReadOnlyDictionary<string, ProductFacts>? products,
        TrainingOptions training,
        IReadOnlyList<RankerKind> rankers,
        int holdoutDays,
        int maxUsers,
        int resamples = 1_000,
        Action<string>? log = null,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        ArgumentNullException.ThrowIfNull(rankers);
        if (rankers.Count == 0)
        {
            throw new ArgumentException("At least one ranker: the full model.", nameof(rankers));
        }

        var split = HoldoutSplit.Temporal(interactions, holdoutDays);
        var targets = OfflineEvaluation.Targets(split, maxUsers);
        var catalog = products?.Count ?? interactions.Select(i => i.ProductId).Distinct(StringComparer.Ordinal).Count();
        log?.Invoke($"{dataset}: {interactions.Count:N0} interactions, {catalog:N0} products; hold-out: last {holdoutDays} days from {split.Cutoff:u}: train {split.Train.Count:N0}, test {split.Test.Count:N0}; evaluated shoppers {targets.Count:N0}");

        var history = new InteractionHistory(split.Train);
        var popularity = new InteractionHistory(split.Train, trendingDays: 100_000); // All-time weighted popularity.
        var rows = new List<EvaluationRow>
        {
            await OfflineEvaluation.EvaluateAsync(Popularity, Serve(null, history, popularity), targets, catalog, cancellationToken: cancellation),
            await OfflineEvaluation.EvaluateAsync("trending, last 7 days", Serve(null, history, history), targets, catalog, cancellationToken: cancellation),
            await OfflineEvaluation.EvaluateAsync(ItemKnn, new ItemKnnRecommender(split.Train, history, popularity), targets, catalog, cancellationToken: cancellation),
        };

        RecommendationModel? full = null;
        foreach (var kind in rankers)
        {
            var model = new RecommendationTrainer(training with { Ranker = kind }).Train(split.Train, products);
            log?.Invoke($"trained {model.Metadata.Algorithm} in {model.Metadata.TrainingSeconds:F1} s on {model.Metadata.RankingRows:N0} ranking rows" +
                (model.Metadata.RankerMissing is { } missing ? $"; NO RANKER: {missing}" : string.Empty));
            if (full is null)
            {
                full = model;
                rows.Add(await OfflineEvaluation.EvaluateAsync("co-occurrence (+ kNN candidates), no ranker", Serve(model.WithoutRanker(), history, history), targets, catalog, cancellationToken: cancellation));
            }

            rows.Add(await OfflineEvaluation.EvaluateAsync($"full model: candidates + {kind} ranker", Serve(model, history, history), targets, catalog, cancellationToken: cancellation));
        }

        var baseline = rows[0];
        var knn = rows[2];
        var fullRow = rows[4];
        var comparison = new Comparison(
            dataset, interactions.Count, catalog, interactions.Select(i => i.UserId).Distinct(StringComparer.Ordinal).Count(), split.Cutoff,
            split.Train.Count, split.Test.Count,
            [.. rows.Select(r => new ComparisonRow(
                r.Name, r.Users, Bootstrap.Mean(r.Hits, resamples), Bootstrap.Mean(r.Ndcgs, resamples),
                Bootstrap.Ratio(r.Hits, baseline.Hits, resamples), Bootstrap.Ratio(r.Ndcgs, baseline.Ndcgs, resamples), r.Coverage))],
            Bootstrap.Ratio(fullRow.Hits, knn.Hits, resamples), Bootstrap.Ratio(fullRow.Ndcgs, knn.Ndcgs, resamples), full!.Metadata);
        return (comparison, full, Serve(full, history, history), targets);
    }

    /// <summary>The serving path over in-memory adapters: every product sellable, history and trending from the train split.</summary>
    public static Recommender Serve(RecommendationModel? model, InteractionHistory history, ITrendingProducts trending)
    {
        var holder = new RecommendationModelHolder();
        if (model is not null)
        {
            holder.Swap(model);
        }

        return new Recommender(holder, new EverythingSellable(), history, history, trending);
    }
}
