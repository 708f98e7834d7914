using Commerce.Cart.Auth;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commerce.Replenishment;

/// <summary>Everything the replenishment app needs, registered once; the function app's Program and the dev host both call it.</summary>
public static class ReplenishmentRegistration
{
    public const string AppName = "replenishment";

    public static IServiceCollection AddReplenishment(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCommerceDocumentStore(configuration, AppName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ReplenishmentSettings>();
        services.AddCustomerAuth();
        return services;
    }
}
