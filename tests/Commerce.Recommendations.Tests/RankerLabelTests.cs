using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Training;

namespace Commerce.Recommendations.Tests;

/// <summary>Where the ranker's labels come from: each returning shopper's most recent interactions, not a calendar window.</summary>
public sealed class RankerLabelTests
{
    [Fact]
    public void Ranker_trains_when_the_last_week_holds_only_first_time_shoppers()
    {
        // Real purchase logs: the returning shoppers' latest visits are weeks old, the last days hold newcomers only.
        var last = TestModels.Data.Interactions[^1].Timestamp;
        var newcomers = Enumerable.Range(0, 200)
            .Select(n => new Interaction($"newcomer-{n}", TestModels.Data.Products[n % TestModels.Data.Products.Count].ProductId, InteractionKind.View, last.AddDays(10).AddMinutes(n)));
        var interactions = TestModels.Data.Interactions.Concat(newcomers).ToList();

        var model = TestModels.Train(RankerKind.FastTree, interactions);

        Assert.True(model.HasRanker, $"No ranker: {string.Join(", ", model.Metadata.Metrics.Select(m => $"{m.Key}={m.Value}"))}");
        Assert.True(model.Metadata.Metrics["ranking.rows"] > 1_000);
        Assert.True(model.Metadata.Metrics["ranking.users"] > 100);
    }

    [Fact]
    public void Labels_are_each_returning_shoppers_last_visit_and_one_time_shoppers_give_none()
    {
        var t0 = DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        Interaction Bought(string user, string product, double days) => new(user, product, InteractionKind.Purchase, t0.AddDays(days));
        List<Interaction> interactions =
        [
            Bought("a", "p1", 0), Bought("a", "p2", 0), Bought("a", "p3", 30), Bought("a", "p4", 30.01),
            Bought("b", "p1", 5), Bought("b", "p5", 60),
            Bought("c", "p2", 90), // Active once: nothing to learn from.
        ];

        var labels = RankingLabels.LeaveLastVisitOut(interactions, TimeSpan.FromHours(1));

        Assert.Equal(["a", "b"], labels.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["p3", "p4"], labels["a"].Labels.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["p1", "p2"], labels["a"].History.Select(h => h.ProductId));
        Assert.Equal(["p5"], labels["b"].Labels.Keys);
        Assert.Equal(["p1"], labels["b"].History.Select(h => h.ProductId));
    }
}
