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
}
