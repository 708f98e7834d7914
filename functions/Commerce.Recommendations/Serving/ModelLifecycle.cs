using Commerce.Recommendations.Storage;
using Commerce.Recommendations.Training;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commerce.Recommendations.Serving;

/// <summary>Loads the newest stored model into the holder when its version differs from the one being served.</summary>
public sealed class ModelRefresher(IModelStore store, RecommendationModelHolder models, ILogger<ModelRefresher> logger)
{
    /// <summary>Returns true when a newer model was swapped in.</summary>
    public async Task<bool> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var latest = await store.GetLatestMetadataAsync(cancellationToken);
        if (latest is null || latest.Version == models.Current?.Version)
        {
            return false;
        }

        var stored = await store.LoadLatestAsync(cancellationToken);
        if (stored is null)
        {
            return false;
        }

        var model = RecommendationModel.Load(stored.Artifact);
        var previous = models.Swap(model);
        logger.LogInformation("Serving recommendation model {Version} (was {Previous})", model.Version, previous?.Version ?? "none");
        if (!model.HasRanker)
        {
            logger.LogWarning("Serving recommendation model {Version} without its ranker: {Reason}", model.Version, model.Metadata.RankerMissing ?? "reason not recorded");
        }
        return true;
    }
}

/// <summary>Trains on the data source, saves the model to the store and serves it here at once (other instances poll).</summary>
public sealed class RecommendationTraining(
    ITrainingDataSource source,
    IOptions<RecommendationOptions> options,
    IModelStore store,
    RecommendationModelHolder models,
    TimeProvider timeProvider,
    ILogger<RecommendationTraining> logger)
{
    /// <summary>The published model's metadata, or null when the data held too few interactions to train on.</summary>
    public async Task<ModelMetadata?> TrainAndPublishAsync(CancellationToken cancellationToken = default)
    {
        var data = await source.LoadAsync(cancellationToken);
        if (data.Interactions.Count < options.Value.MinTrainingInteractions)
        {
            logger.LogInformation(
                "Not training: {Interactions} interactions, fewer than {Minimum}; serving the current model",
                data.Interactions.Count, options.Value.MinTrainingInteractions);
            return null;
        }

        var model = await Task.Run(() => new RecommendationTrainer(options.Value.Training, timeProvider).Train(data.Interactions, data.Products), cancellationToken);
        await store.SaveAsync(model.Metadata, model.ToArtifact(), cancellationToken);
        models.Swap(model);
        if (model.Metadata.RankerMissing is { } missing)
        {
            logger.LogWarning(
                "Recommendation model {Version} was trained without its ranker: {Reason}; it serves candidates in co-occurrence order",
                model.Version, missing);
        }

        logger.LogInformation(
            "Trained recommendation model {Version} on {Interactions} interactions in {Seconds:F1} s (ranker: {RankingRows} rows)",
            model.Version, model.Metadata.Interactions, model.Metadata.TrainingSeconds, model.Metadata.RankingRows);
        return model.Metadata;
    }
}

/// <summary>Polls the model store so every instance serves the newest model without a restart.</summary>
public sealed class ModelRefreshService(ModelRefresher refresher, IOptions<RecommendationOptions> options, ILogger<ModelRefreshService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval);
        do
        {
            try
            {
                await refresher.RefreshAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not refresh the recommendation model; serving the current one");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
