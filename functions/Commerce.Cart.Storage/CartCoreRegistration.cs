using Commerce.Cart.Domain;
using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Cart.Storage;

/// <summary>
/// The cart domain over the document store: <see cref="CartService"/> and its ports. The cart app registers it with its
/// HTTP surface; the orders app registers it to read, re-price, redeem and clear carts at checkout.
/// </summary>
public static class CartCoreRegistration
{
    public static IServiceCollection AddCartCore(this IServiceCollection services, IConfiguration configuration)
    {
        // Every registration is a TryAdd, and a second set of identical option validators is harmless: safe to call twice.
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<CartOptions>>().Value);
        services.AddOptions<CartOptions>().Bind(configuration.GetSection(CartOptions.Section)).ValidateDataAnnotations()
            .Validate(o => Currencies.IsSupported(o.DefaultCurrency), "Cart:DefaultCurrency must be a supported ISO 4217 code.").ValidateOnStart();
        services.TryAddSingleton<PricingTables>();
        services.TryAddSingleton<ICartRepository, DocumentCartRepository>();
        services.TryAddSingleton<ICatalogReader, DocumentCatalogReader>();
        services.TryAddSingleton<IPromotionStore, DocumentPromotionStore>();
        services.TryAddSingleton<CartService>();
        services.TryAddSingleton(sp => new LivePriceExperiments( // the price experiments pricing publishes
            (next, ct) => sp.GetRequiredService<IDocumentStore>().Container<LivePriceExperiment>(LivePriceExperiment.Container).PageAsync(LivePriceExperiment.Partition, next, ct),
            sp.GetRequiredService<TimeProvider>(), configuration.GetValue(LivePriceExperiments.LifetimeSetting, LivePriceExperiments.DefaultLifetime)));
        return services;
    }
}
