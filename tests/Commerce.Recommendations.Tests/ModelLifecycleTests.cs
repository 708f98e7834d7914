using Commerce.Recommendations.Serving;
using Commerce.Recommendations.Storage;
using Commerce.Recommendations.Training;
using Microsoft.Extensions.Logging.Abstractions;

namespace Commerce.Recommendations.Tests;

public sealed class ModelLifecycleTests
{
    [Fact]
    public async Task Serving_swaps_to_the_newest_stored_model_while_concurrent_requests_keep_answering()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var store = new LocalFolderModelStore(Directory.CreateTempSubdirectory("models-").FullName);
        var first = TestModels.Ranked;
        var second = TestModels.Cooccurrence;
        Assert.NotEqual(first.Version, second.Version);
        await store.SaveAsync(first.Metadata, first.ToArtifact(), cancellationToken);
        var holder = new RecommendationModelHolder();
        var refresher = new ModelRefresher(store, holder, NullLogger<ModelRefresher>.Instance);
        Assert.True(await refresher.RefreshAsync(cancellationToken));
        var history = new InteractionHistory(TestModels.Data.Interactions);
        var recommender = new Recommender(holder, new EverythingSellable(), history, history, history);
        var customers = TestModels.Data.Customers.Take(50).ToArray();

        using var stop = new CancellationTokenSource();
        var versionsSeen = new System.Collections.Concurrent.ConcurrentBag<string?>();
        var readers = Enumerable.Range(0, 4).Select(r => Task.Run(async () =>
        {
            var answered = 0;
            for (var n = r; !stop.IsCancellationRequested || answered < 20; n++, answered++)
            {
                var result = await recommender.RecommendForCustomerAsync(Shopper.Customer(customers[n % customers.Length]), 10, cancellationToken: cancellationToken);
                Assert.Equal(10, result.ProductIds.Count);
                versionsSeen.Add(result.ModelVersion);
            }
        }, cancellationToken)).ToArray();

        await store.SaveAsync(second.Metadata, second.ToArtifact(), cancellationToken);
        Assert.True(await refresher.RefreshAsync(cancellationToken));
        var afterSwap = await recommender.RecommendForCustomerAsync(Shopper.Customer(customers[0]), 10, cancellationToken: cancellationToken);
        await stop.CancelAsync();
        await Task.WhenAll(readers);

        Assert.Equal(second.Version, holder.Current!.Version);
        Assert.Equal(second.Version, afterSwap.ModelVersion);
        Assert.All(versionsSeen, v => Assert.Contains(v, new[] { first.Version, second.Version }));
        Assert.False(await refresher.RefreshAsync(cancellationToken)); // Same version: no reload.
    }

    [Fact]
    public async Task Refresh_with_an_empty_store_keeps_serving_without_a_model()
    {
        var holder = new RecommendationModelHolder();
        var refresher = new ModelRefresher(new LocalFolderModelStore(Directory.CreateTempSubdirectory("models-").FullName), holder, NullLogger<ModelRefresher>.Instance);

        Assert.False(await refresher.RefreshAsync(TestContext.Current.CancellationToken));
        Assert.Null(holder.Current);
    }

    [Fact]
    public void Model_artifact_round_trips_with_its_ranker_and_metadata()
    {
        var model = TestModels.Ranked;
        var history = TestModels.Data.Interactions.Where(i => i.UserId == TestModels.BusiestCustomer)
            .Select(i => new Interactions.ProductInteraction(i.ProductId, i.Kind, i.Timestamp)).ToList();

        var loaded = RecommendationModel.Load(model.ToArtifact());

        Assert.True(loaded.HasRanker);
        Assert.Equal(model.Metadata.Version, loaded.Metadata.Version);
        Assert.Equal(model.Metadata.Metrics, loaded.Metadata.Metrics);
        Assert.Equal(model.Recommend(history, 10), loaded.Recommend(history, 10));
        Assert.Equal(model.Related("p-00001", 10), loaded.Related("p-00001", 10));
        Assert.Equal(model.Trending, loaded.Trending);
    }

    [Fact]
    public void Training_records_version_data_window_and_validation_metrics()
    {
        var time = new FixedTime(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var data = TestModels.Data.Interactions;

        var model = TestModels.Train(RankerKind.FastTree, time: time);

        Assert.StartsWith("20261125T120000000Z", model.Version, StringComparison.Ordinal);
        Assert.Equal(data[0].Timestamp, model.Metadata.DataFrom);
        Assert.Equal(data[^1].Timestamp, model.Metadata.DataTo);
        Assert.Equal(data.Count, model.Metadata.Interactions);
        Assert.True(model.HasRanker);
        Assert.InRange(model.Metadata.Metrics["validation.ranker.hitRate@10"], 0.01, 1);
    }
}

internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
