namespace Commerce.Cart;

/// <summary>Everything the cart app needs, registered once; the function app's Program and the dev host both call it.</summary>
public static class CartRegistration
{
    public const string AppName = "cart";

    public static IServiceCollection AddCart(this IServiceCollection services, IConfiguration configuration)
        => services.AddCommerceDefaults(configuration).AddCommerceDocumentStore(configuration, AppName);
}
