using Commerce.Demo;
using Commerce.DevHost.Catalog;
using Commerce.Recommendations;
using Commerce.Recommendations.Serving;
using Commerce.Recommendations.Stores;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commerce.DevHost.Recommendations;

/// <summary>
/// The recommendations' dev-host hook: models in the dev host's data folder, the analytics timers' schedules, and training on the deterministic demo shoppers, mapped onto
/// the demo catalog's product ids, until the clickstream has recorded enough real interactions.
/// </summary>
public static class RecommendationsDevHost
{
    public static WebApplicationBuilder AddRecommendationsDevHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var configuration = builder.Configuration;
        var dataPath = Path.GetFullPath(configuration[$"{DevHostOptions.Section}:{nameof(DevHostOptions.DataPath)}"] ?? new DevHostOptions().DataPath);
        var defaults = new Dictionary<string, string?>
        {
            ["Recommendations:LocalFolder"] = Path.Combine(dataPath, "models"),
            ["Recommendations:TrainingSchedule"] = "0 0 3 * * *",
            ["Recommendations:TrendingSchedule"] = "0 */5 * * * *",
        };
        configuration.AddInMemoryCollection(defaults.Where(d => string.IsNullOrEmpty(configuration[d.Key])));

        var catalogProducts = configuration.GetValue($"{DemoCatalogOptions.Section}:{nameof(DemoCatalogOptions.Products)}", new DemoCatalogOptions().Products);
        var demo = new DemoTrainingDataSource(new DemoDataOptions
        {
            Products = Math.Clamp(catalogProducts, 20, 2_000),
            ProductIdFormat = "demo-{0:D6}",
        });
        builder.Services.Replace(ServiceDescriptor.Singleton<ITrainingDataSource>(sp => new DemoUntilRealData(
            ActivatorUtilities.CreateInstance<DocumentTrainingDataSource>(sp), demo, sp.GetRequiredService<IOptions<RecommendationOptions>>())));
        return builder;
    }

    /// <summary>The interaction log once it holds enough to train on; the demo shoppers before that.</summary>
    sealed class DemoUntilRealData(ITrainingDataSource real, ITrainingDataSource demo, IOptions<RecommendationOptions> options) : ITrainingDataSource
    {
        public async Task<TrainingData> LoadAsync(CancellationToken cancellationToken = default)
        {
            var data = await real.LoadAsync(cancellationToken);
            return data.Interactions.Count >= options.Value.MinTrainingInteractions ? data : await demo.LoadAsync(cancellationToken);
        }
    }
}
