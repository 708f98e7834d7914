using Commerce.Demo;
using Commerce.Recommendations.Serving;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Commerce.Recommendations.Tests;

public sealed class RegistrationTests
{
    [Fact]
    public async Task Registered_recommender_answers_before_any_model_exists_and_after_training_publishes_one()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("models-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Recommendations:LocalFolder"] = folder,
            ["Recommendations:Training:Ranker"] = "None",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddSingleton<ITrainingDataSource>(new DemoTrainingDataSource(new() { Interactions = 5_000, Products = 200 }))
            .AddRecommendations();
        await using var provider = services.BuildServiceProvider(validateScopes: true);
        var recommender = provider.GetRequiredService<IRecommender>();

        var before = await recommender.RecommendForCustomerAsync(Shopper.Customer("c-000001"), 5, cancellationToken: cancellationToken);
        var metadata = Assert.IsType<Storage.ModelMetadata>(await provider.GetRequiredService<RecommendationTraining>().TrainAndPublishAsync(cancellationToken));
        var after = await recommender.RelatedAsync("p-00001", 5, cancellationToken);

        Assert.Empty(before.ProductIds);
        Assert.Equal(metadata.Version, after.ModelVersion);
        Assert.Equal(5, after.ProductIds.Count);
        Assert.True(File.Exists(Path.Combine(folder, "latest.json")));
        Assert.Equal(5_000, metadata.Interactions, 100.0);
        Assert.Equal("co-occurrence + item-kNN candidates", metadata.Algorithm); // Recommendations:Training:Ranker bound from configuration.
    }
}
