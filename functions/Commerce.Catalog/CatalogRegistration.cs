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
        services.TryAddSingleton(sp => new LivePriceExperiments( // the price experiments pricing publishes
            (next, ct) => sp.GetRequiredService<IDocumentStore>().Container<LivePriceExperiment>(LivePriceExperiment.Container).PageAsync(LivePriceExperiment.Partition, next, ct),
            sp.GetRequiredService<TimeProvider>(), configuration.GetValue(LivePriceExperiments.LifetimeSetting, LivePriceExperiments.DefaultLifetime)));
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
}
