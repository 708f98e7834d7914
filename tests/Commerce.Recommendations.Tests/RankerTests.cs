using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Training;

namespace Commerce.Recommendations.Tests;

public sealed class RankerTests
{
    public static TheoryData<string> Models => ["lightgbm", "fasttree", "lightgbm-reloaded"];

    [Theory]
    [MemberData(nameof(Models))]
    public void Flattened_trees_score_exactly_like_the_ml_net_prediction_engine(string which)
    {
        var model = which switch
        {
            "lightgbm" => TestModels.LightGbm,
            "fasttree" => TestModels.Ranked,
            _ => RecommendationModel.Load(TestModels.LightGbm.ToArtifact()),
        };
        var ranker = model.Ranker!;
        var candidates = TestModels.Data.Customers.Take(20)
            .SelectMany(c => CandidateFeatures.Generate(model.Tables, CandidateFeatures.Profile(model.Tables, HistoryOf(c)), 100))
            .ToList();

        var compiled = ranker.Score(candidates);
        var engine = ranker.ScoreWithEngine(candidates);

        Assert.True(ranker.IsCompiled);
        Assert.True(candidates.Count > 500);
        Assert.True(engine.Distinct().Count() > 50, "The ranker should separate candidates.");
        for (var i = 0; i < candidates.Count; i++)
        {
            Assert.Equal(engine[i], compiled[i], 1e-4f);
        }
    }

    private static List<ProductInteraction> HistoryOf(string customer) =>
        [.. TestModels.Data.Interactions.Where(i => i.UserId == customer).Select(i => new ProductInteraction(i.ProductId, i.Kind, i.Timestamp))];
}
