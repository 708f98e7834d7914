using Commerce.Recommendations.Evaluation;
using Commerce.Recommendations.Interactions;

namespace Commerce.Recommendations.Tests;

public sealed class RankingMetricsTests
{
    private static readonly HashSet<string> Relevant = ["b", "d", "x"];

    [Fact]
    public void Hand_computed_hit_rate_and_ndcg()
    {
        string[] recommended = ["a", "b", "c", "d"];

        // k = 3: b is at rank 2. DCG = 1/log2(3) = 0.63093; ideal (3 relevant) = 1 + 0.63093 + 0.5 = 2.13093.
        Assert.Equal(1, RankingMetrics.HitRate(recommended, Relevant, 3));
        Assert.Equal(0.63093 / 2.13093, RankingMetrics.Ndcg(recommended, Relevant, 3), 4);

        // k = 4: d at rank 4 adds 1/log2(5) = 0.43068; the ideal is unchanged (only 3 relevant).
        Assert.Equal((0.63093 + 0.43068) / 2.13093, RankingMetrics.Ndcg(recommended, Relevant, 4), 4);

        // k = 1: a is not relevant.
        Assert.Equal(0, RankingMetrics.HitRate(recommended, Relevant, 1));
        Assert.Equal(0, RankingMetrics.Ndcg(recommended, Relevant, 1));
    }

    [Fact]
    public void Perfect_ranking_scores_one_and_nothing_relevant_scores_zero()
    {
        Assert.Equal(1, RankingMetrics.Ndcg(["b", "d", "x"], Relevant, 10), 10);
        Assert.Equal(0, RankingMetrics.Ndcg(["a"], new HashSet<string>(), 10));
        Assert.Equal(0, RankingMetrics.HitRate(Array.Empty<string>(), Relevant, 10));
    }

    [Fact]
    public void Accumulator_averages_over_shoppers_and_counts_catalog_coverage()
    {
        var metrics = new MetricsAccumulator<string>(2);
        metrics.Add(["b", "a"], Relevant);        // hit, NDCG 1 / (1 + 0.63093)
        metrics.Add(["a", "c", "d"], Relevant);   // miss within k = 2 (d is third)

        Assert.Equal(2, metrics.Users);
        Assert.Equal(0.5, metrics.HitRate, 10);
        Assert.Equal(1 / 1.63093 / 2, metrics.Ndcg, 4);
        Assert.Equal(3, metrics.DistinctRecommended); // a, b, c: d was beyond k
        Assert.Equal(0.3, metrics.Coverage(10), 10);
    }

    [Fact]
    public void Temporal_split_holds_out_the_last_days_and_targets_only_new_products()
    {
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Interaction[] interactions =
        [
            new("u1", "a", InteractionKind.View, start),
            new("u1", "b", InteractionKind.Purchase, start.AddDays(1)),
            new("u2", "a", InteractionKind.View, start.AddDays(2)),
            new("u1", "a", InteractionKind.View, start.AddDays(9)),     // seen before: not a target
            new("u1", "c", InteractionKind.AddToCart, start.AddDays(9)),
            new("u3", "c", InteractionKind.View, start.AddDays(10)),    // no history before the cutoff
        ];

        var split = HoldoutSplit.Temporal(interactions, holdoutDays: 7);
        var targets = OfflineEvaluation.Targets(split, maxUsers: 10);

        Assert.Equal(start.AddDays(3), split.Cutoff);
        Assert.Equal(3, split.Train.Count);
        var target = Assert.Single(targets);
        Assert.Equal("u1", target.UserId);
        Assert.Equal(["c"], target.Relevant);
        Assert.Equal(["a", "b"], target.Seen.Order());
    }
}
