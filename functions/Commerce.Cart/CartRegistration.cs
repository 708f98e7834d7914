using Commerce.Cart.Auth;
using Commerce.Cart.Http;
using Commerce.Cart.Storage;
using Commerce.Contracts;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Commerce.Cart;

/// <summary>Everything the cart app needs, registered once; the function app's Program and the dev host both call it.</summary>
public static class CartRegistration
{
    public const string AppName = "cart";

    public static IServiceCollection AddCart(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCommerceDefaults(configuration).AddCommerceDocumentStore(configuration, AppName);
        services.AddCartCore(configuration);
        services.AddCustomerAuth();
        services.AddClickstreamPublisher(configuration);
        services.TryAddSingleton<CartHttp>();
        services.AddHostedService<PromotionSeeder>();
        return services;
    }
}

/// <summary>Writes <see cref="CartDefaults.Promotions"/> that are missing from the promotions container (never overwrites), when <c>Cart:SeedPromotions</c>.</summary>
public sealed class PromotionSeeder(IPromotionStore promotions, IOptions<CartOptions> options, ILogger<PromotionSeeder> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SeedPromotions)
        {
            return;
        }

        try
        {
            foreach (var promotion in CartDefaults.Promotions)
            {
                await promotions.SeedAsync(promotion, cancellationToken);
            }

            logger.LogInformation("Seeded {Count} default promotions where missing", CartDefaults.Promotions.Count);
        }
        catch (DocumentStoreException ex)
        {
            // The store being down at start must not stop the app; the health route reports it.
            logger.LogWarning(ex, "Could not seed the default promotions");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
