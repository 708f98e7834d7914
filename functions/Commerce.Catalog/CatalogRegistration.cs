using Commerce.Cart.Auth;
using Commerce.Catalog.Images;
using Commerce.Catalog.Recommendations;
using Commerce.Catalog.Search;
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

        // Personal recommendations (?customerId=) need that customer's bearer token.
        services.AddCustomerAuth();

        // Recommendations: served here from the model the analytics app trains (polled from the model store).
        services.AddRecommendationServing();
        services.AddHealthChecks().AddAppCheck<RecommendationModelHealthCheck>(AppName, "recommendations");
        services.Replace(ServiceDescriptor.Singleton<ISellableProducts, CatalogSellableProducts>());
        return services.AddCatalogSearch().AddCatalogImageStore();
    }
}
