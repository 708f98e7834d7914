using Commerce.Analytics.Domain.Summary;
using Commerce.Recommendations;
using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Serving;
using Commerce.Recommendations.Stores;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commerce.Analytics.Recommendations;

/// <summary>
/// The recommendations' scheduled jobs: training on the interaction log and publishing the model to the model store
/// (<c>%Recommendations:TrainingSchedule%</c>; serving instances poll the store and swap it in), and the trending list
/// computed from the aggregates (<c>%Recommendations:TrendingSchedule%</c>).
/// </summary>
public sealed partial class RecommendationTimers(
    RecommendationTraining training,
    SummaryService summaries,
    DocumentTrendingProducts trending,
    IOptions<RecommendationOptions> options,
    TimeProvider clock,
    ILogger<RecommendationTimers> logger)
{
    const int TrendingCount = 200;

    [Function(nameof(TrainRecommendations))]
    public async Task TrainRecommendations([TimerTrigger("%Recommendations:TrainingSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var metadata = await training.TrainAndPublishAsync(cancellationToken);
        if (metadata is not null)
        {
            LogPublished(metadata.Version, metadata.Interactions, metadata.DataFrom, metadata.DataTo);
        }
    }

    [Function(nameof(PublishTrendingProducts))]
    public async Task PublishTrendingProducts([TimerTrigger("%Recommendations:TrendingSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var to = clock.GetUtcNow();
        var from = to.AddHours(-options.Value.TrendingHours);
        var products = await summaries.TrendingProductsAsync(from, to, TrendingCount, (long)(InteractionWeights.Purchase / InteractionWeights.View), cancellationToken);
        await trending.PublishAsync(new TrendingList(products, from, to), cancellationToken);
        LogTrending(products.Count, from, to);
    }

    [LoggerMessage(LogLevel.Information, "Published recommendation model {Version} ({Interactions} interactions from {From} to {To})")]
    partial void LogPublished(string version, long interactions, DateTimeOffset from, DateTimeOffset to);

    [LoggerMessage(LogLevel.Information, "Published {Count} trending products from the aggregates of {From} to {To}")]
    partial void LogTrending(int count, DateTimeOffset from, DateTimeOffset to);
}

/// <summary>Feeds the clickstream batches into the recommendations' interactions (activity and training log).</summary>
sealed class InteractionsProjection(InteractionRecorder recorder) : Domain.Aggregation.IClickstreamProjection
{
    public Task ProjectAsync(IReadOnlyList<Commerce.Contracts.StorefrontEvent> events, CancellationToken cancellationToken) => recorder.RecordAsync(events, cancellationToken);
}
