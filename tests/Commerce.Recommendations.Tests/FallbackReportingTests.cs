using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Serving;
using Commerce.Recommendations.Storage;
using Commerce.Recommendations.Training;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commerce.Recommendations.Tests;

/// <summary>A model without its ranker, or no model at all, is never silent: metadata, logs, health and answers say so.</summary>
public sealed class FallbackReportingTests
{
    private static readonly InteractionHistory History = new(TestModels.Data.Interactions);

    /// <summary>Every shopper seen once: no returning shopper to learn an order from.</summary>
    private static readonly Lazy<List<Interaction>> OneTimeShoppers = new(() =>
        [.. TestModels.Data.Interactions.Select((i, n) => i with { UserId = $"once-{n}" })]);

    [Fact]
    public void A_model_trained_without_returning_shoppers_has_no_ranker_and_its_metadata_says_why()
    {
        var model = TestModels.Train(RankerKind.FastTree, OneTimeShoppers.Value);

        Assert.False(model.HasRanker);
        Assert.Equal(0, model.Metadata.RankingRows);
        Assert.Contains("returning shoppers", model.Metadata.RankerMissing, StringComparison.Ordinal);
        Assert.Equal(model.Metadata.RankerMissing, RecommendationModel.Load(model.ToArtifact()).Metadata.RankerMissing);
    }

    [Fact]
    public void A_model_with_its_ranker_records_the_rows_it_learned_from_and_no_fallback()
    {
        var model = TestModels.Ranked;

        Assert.True(model.HasRanker);
        Assert.Null(model.Metadata.RankerMissing);
        Assert.Equal(model.Metadata.Metrics["ranking.rows"], model.Metadata.RankingRows);
        Assert.True(model.Metadata.RankingRows > 1_000);
    }

    [Fact]
    public async Task Training_without_its_ranker_logs_a_warning_with_the_reason()
    {
        var logger = new CapturingLogger<RecommendationTraining>();
        var holder = new RecommendationModelHolder();
        var options = Options.Create(new RecommendationOptions { Training = new TrainingOptions { Iterations = 20, Threads = 1 } });
        var training = new RecommendationTraining(
            new FixedData(OneTimeShoppers.Value), options, new LocalFolderModelStore(Directory.CreateTempSubdirectory("models-").FullName),
            holder, TimeProvider.System, logger);

        var metadata = await training.TrainAndPublishAsync(TestContext.Current.CancellationToken);

        Assert.NotNull(metadata?.RankerMissing);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains(metadata.RankerMissing, warning.Message, StringComparison.Ordinal);
        Assert.Contains(metadata.Version, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_say_whether_the_ranker_co_occurrence_or_trending_chose_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var customer = Shopper.Customer(TestModels.BusiestCustomer);

        var ranked = await Serve(TestModels.Ranked).RecommendForCustomerAsync(customer, 10, cancellationToken: ct);
        var unranked = await Serve(TestModels.Cooccurrence).RecommendForCustomerAsync(customer, 10, cancellationToken: ct);
        var related = await Serve(TestModels.Ranked).RelatedAsync(ranked.ProductIds[0], 10, ct);
        var noModel = await Serve(null).RecommendForCustomerAsync(customer, 10, cancellationToken: ct);
        var coldStart = await Serve(TestModels.Ranked).RecommendForCustomerAsync(Shopper.Customer("nobody"), 10, cancellationToken: ct);

        Assert.Equal(RecommendationAnswer.Model, ranked.AnsweredBy);
        Assert.Equal(RecommendationAnswer.Cooccurrence, unranked.AnsweredBy);
        Assert.Equal(RecommendationAnswer.Cooccurrence, related.AnsweredBy);
        Assert.Equal(RecommendationAnswer.Trending, noModel.AnsweredBy);
        Assert.Equal(RecommendationAnswer.Trending, coldStart.AnsweredBy);
        Assert.Equal(RecommendationSource.Personal, unranked.Source); // The existing contract is unchanged.
    }

    [Fact]
    public async Task Health_is_degraded_with_the_reason_while_serving_falls_back_and_healthy_with_the_ranker()
    {
        var ct = TestContext.Current.CancellationToken;
        var withoutRanker = TestModels.Train(RankerKind.FastTree, OneTimeShoppers.Value);

        var none = await CheckAsync(null, ct);
        var fallback = await CheckAsync(withoutRanker, ct);
        var ranked = await CheckAsync(TestModels.Ranked, ct);

        Assert.Equal(HealthStatus.Degraded, none.Status);
        Assert.Contains("trending", none.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Degraded, fallback.Status);
        Assert.Contains(withoutRanker.Metadata.RankerMissing!, fallback.Description, StringComparison.Ordinal);
        Assert.Equal(HealthStatus.Healthy, ranked.Status);
        Assert.Equal(RecommendationAnswer.Cooccurrence, ModelStatus.Of(TestModels.Holding(withoutRanker)).AnsweredBy);
    }

    private static Task<HealthCheckResult> CheckAsync(RecommendationModel? model, CancellationToken ct) =>
        new RecommendationModelHealthCheck(TestModels.Holding(model)).CheckHealthAsync(new HealthCheckContext(), ct);

    private static Recommender Serve(RecommendationModel? model) =>
        new(TestModels.Holding(model), new EverythingSellable(), History, History, History);

    private sealed class FixedData(IReadOnlyList<Interaction> interactions) : ITrainingDataSource
    {
        public Task<TrainingData> LoadAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new TrainingData(interactions, TestModels.Data.ProductsById));
    }
}

/// <summary>Keeps what was logged (level and formatted message).</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        lock (Entries)
        {
            Entries.Add((logLevel, formatter(state, exception)));
        }
    }
}
