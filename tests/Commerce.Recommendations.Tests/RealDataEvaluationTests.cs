using System.Globalization;
using Commerce.Recommendations.Evaluation;
using Commerce.Recommendations.Training;

namespace Commerce.Recommendations.Tests;

/// <summary>
/// The committed real purchase log (UCI Online Retail) and a smoke run of the evaluation on a slice of it: quality
/// figures are the evaluation tool's job (no thresholds here), this checks the pipeline end to end on real data.
/// </summary>
public sealed class RealDataEvaluationTests
{
    private static readonly string LogPath = Path.Combine(AppContext.BaseDirectory, "data", "online-retail.csv.gz");

    [Fact]
    public void The_committed_purchase_log_holds_the_published_data_sets_purchases()
    {
        var log = PurchaseLog.Read(LogPath);

        Assert.Equal(396_370, log.Count);
        Assert.Equal(4_335, log.Select(i => i.UserId).Distinct().Count());
        Assert.Equal(3_659, log.Select(i => i.ProductId).Distinct().Count());
        Assert.Equal(At("2010-12-01T08:26"), log[0].Timestamp);
        Assert.Equal(At("2011-12-09T12:50"), log[^1].Timestamp);
        Assert.True(log.Zip(log.Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp), "The log is in time order.");
    }

    [Fact]
    public async Task Evaluation_on_a_slice_of_the_real_log_compares_every_recommender_on_the_same_shoppers_with_intervals()
    {
        var slice = PurchaseLog.Read(LogPath, maxRows: 60_000);
        var training = new TrainingOptions { Iterations = 20, MaxRankingUsers = 400, Threads = 1 };

        var (comparison, model, _, targets) = await HoldoutComparison.RunAsync(
            "slice", slice, null, training, [RankerKind.FastTree], holdoutDays: 14, maxUsers: 300, resamples: 200, cancellation: TestContext.Current.CancellationToken);

        Assert.True(model.HasRanker, model.Metadata.RankerMissing);
        Assert.True(model.Metadata.RankingRows > 0);
        Assert.True(targets.Count > 50, $"{targets.Count} shoppers evaluated");
        Assert.Equal(
            [HoldoutComparison.Popularity, "trending, last 7 days", HoldoutComparison.ItemKnn, "co-occurrence (+ kNN candidates), no ranker", "full model: candidates + FastTree ranker"],
            comparison.Rows.Select(r => r.Name));
        Assert.All(comparison.Rows, row =>
        {
            Assert.Equal(targets.Count, row.Users);
            Assert.InRange(row.HitRate.Value, row.HitRate.Low, row.HitRate.High);
            Assert.InRange(row.Ndcg.Value, row.Ndcg.Low, row.Ndcg.High);
            Assert.True(row.HitRate.High > row.HitRate.Low, $"{row.Name}: a real interval");
        });
        Assert.Equal(1, comparison.Rows[0].HitRateVsPopularity.Value, 9);
        Assert.InRange(comparison.FullVsItemKnnHitRate.Value, comparison.FullVsItemKnnHitRate.Low, comparison.FullVsItemKnnHitRate.High);
    }

    private static DateTimeOffset At(string minute) =>
        DateTimeOffset.ParseExact(minute, "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
