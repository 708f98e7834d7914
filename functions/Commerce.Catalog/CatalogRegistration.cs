using Commerce.Cart.Auth;
using Commerce.Catalog.Images;
using Commerce.Catalog.Recommendations;
using Commerce.Catalog.Search;
using Commerce.Contracts;
using Commerce.Recommendations;
using Commerce.Recommendations.Serving;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commerce.Catalog;

/// <summary>Everything the catalog app needs, registered once; the function app's Program and the dev host both call it.</summary>
public static class CatalogRegistration
{
    public const string AppName = "catalog";

    public static IServiceCollection AddCatalog(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCommerceDefaults(configuration).AddCommerceDocumentStore(configuration, AppName);
        services.AddMetrics();
        services.AddHybridCache();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CatalogMetrics>();
        services.AddSingleton<Categories>();
        services.AddSingleton<ProductReader>();
        services.AddSingleton<ProductWriter>();
        services.AddSingleton<AppliedPrices>();

        // Price experiments pricing publishes: each shopper sees their variant's prices (product, listings, search).
        services.AddLivePriceExperiments(configuration);
        services.AddSingleton<ShopperPrices>();
        services.AddSingleton<CatalogShoppers>();
        services.AddClickstreamPublisher(configuration); // the exposures of price experiments

        // Personal recommendations (?customerId=) need that customer's bearer token.
        services.AddCustomerAuth();

        // Recommendations: served here from the model the analytics app trains (polled from the model store).
        services.AddRecommendationServing();
        services.AddHealthChecks().AddAppCheck<RecommendationModelHealthCheck>(AppName, "recommendations");
        services.Replace(ServiceDescriptor.Singleton<ISellableProducts, CatalogSellableProducts>());
        return services.AddCatalogSearch().AddCatalogImageStore();
    }

    /// <summary>The price experiments pricing publishes (<see cref="LivePriceExperiment"/>), reused for <see cref="LivePriceExperiments.LifetimeSetting"/>.</summary>
    static IServiceCollection AddLivePriceExperiments(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(sp => new LivePriceExperiments(
            async (next, ct) =>
            {
                var page = await sp.GetRequiredService<IDocumentStore>().Container<LivePriceExperiment>(LivePriceExperiment.Container).QueryAsync(LivePriceExperiment.Partition, new DocumentQuery { ContinuationToken = next }, ct);
                return ([.. page.Items.Select(d => d.Value)], page.ContinuationToken);
            },
            sp.GetRequiredService<TimeProvider>(),
            configuration.GetValue(LivePriceExperiments.LifetimeSetting, LivePriceExperiments.DefaultLifetime)));
        return services;
    }
}
