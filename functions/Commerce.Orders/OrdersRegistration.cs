namespace Commerce.Orders;

/// <summary>Everything the orders app needs, registered once; the function app's Program and the dev host both call it.</summary>
public static class OrdersRegistration
{
    public const string AppName = "orders";

    public static IServiceCollection AddOrders(this IServiceCollection services, IConfiguration configuration)
        => services.AddCommerceDefaults(configuration).AddCommerceDocumentStore(configuration, AppName);
}
