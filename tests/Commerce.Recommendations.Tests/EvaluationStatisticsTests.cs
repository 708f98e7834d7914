using Commerce.Recommendations.Evaluation;
using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Training;

namespace Commerce.Recommendations.Tests;

public sealed class EvaluationStatisticsTests
{
    [Fact]
    public void Bootstrap_intervals_hold_the_estimate_and_narrow_with_more_shoppers()
    {
        double[] Hits(int shoppers) => [.. Enumerable.Range(0, shoppers).Select(u => u % 4 == 0 ? 1.0 : 0.0)];

        var few = Bootstrap.Mean(Hits(40));
        var many = Bootstrap.Mean(Hits(4_000));

        Assert.Equal(0.25, few.Value, 9);
        Assert.InRange(few.Value, few.Low, few.High);
        Assert.InRange(many.Value, many.Low, many.High);
        Assert.True(many.High - many.Low < (few.High - few.Low) / 5, $"{many} vs {few}");
    }

    [Fact]
    public void Bootstrap_ratio_is_paired_over_the_same_shoppers()
    {
        double[] baseline = [.. Enumerable.Range(0, 500).Select(u => u % 5 == 0 ? 1.0 : 0.0)];
        double[] twiceAsGood = [.. Enumerable.Range(0, 500).Select(u => u % 5 is 0 or 1 ? 1.0 : 0.0)];

        var same = Bootstrap.Ratio(baseline, baseline);
        var better = Bootstrap.Ratio(twiceAsGood, baseline);

        Assert.Equal(new Interval(1, 1, 1), same); // Every resample draws the same shoppers for both.
        Assert.Equal(2, better.Value, 9);
        Assert.True(better.Low > 1.5 && better.High < 2.6, better.ToString());
        Assert.Throws<ArgumentException>(() => Bootstrap.Ratio(baseline, twiceAsGood[..10]));
    }

    [Fact]
    public void Item_knn_similarity_is_the_cosine_of_the_products_shopper_sets()
    {
        var t0 = DateTimeOffset.UnixEpoch;
        // a and b: bought by the same two shoppers (cosine 1); c: by one of them and one other (1 / sqrt(2 * 2) = 0.5).
        List<Interaction> interactions =
        [
            new("u1", "a", InteractionKind.Purchase, t0), new("u1", "b", InteractionKind.View, t0), new("u1", "c", InteractionKind.Purchase, t0),
            new("u2", "a", InteractionKind.Purchase, t0), new("u2", "b", InteractionKind.Purchase, t0), new("u2", "a", InteractionKind.Purchase, t0),
            new("u3", "c", InteractionKind.Purchase, t0),
        ];
        int[] itemOf = [.. interactions.Select(i => i.ProductId[0] - 'a')];

        var (ids, similarities) = ItemKnn.Build(interactions, itemOf, 3, neighbours: 5);

        Assert.Equal([1, 2], ids[0]);
        Assert.Equal(1f, similarities[0][0], 5);
        Assert.Equal(0.5f, similarities[0][1], 5);
        Assert.Equal([0, 1], ids[2]);
    }
}
