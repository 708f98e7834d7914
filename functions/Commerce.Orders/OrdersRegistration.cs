using Commerce.Cart.Auth;
using Commerce.Cart.Storage;
using Commerce.Orders.Adapters;
using Commerce.Orders.Adapters.Payments;
using Commerce.Orders.Domain;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Commerce.Orders;

/// <summary>Everything the orders app needs, registered once; the function app's Program and the dev host both call it.</summary>
public static class OrdersRegistration
{
    public const string AppName = "orders";

    public static IServiceCollection AddOrders(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCommerceDefaults(configuration).AddCommerceDocumentStore(configuration, AppName);
        services.AddOptions<OrdersOptions>().BindConfiguration(OrdersOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.PaymentActionTimeout < o.ReservationHold, "Orders:PaymentActionTimeout must be shorter than Orders:ReservationHold.")
            .Validate(o => o.LocationIdsAreDistinct, "Orders:Stores ids must differ from each other and from every warehouse id.")
            .ValidateOnStart();
        services.AddOptions<PaymentTokenOptions>().BindConfiguration(PaymentTokenOptions.Section)
            .Validate(o => PaymentTokenSeal.TryParseKey(o.PaymentTokenKey, out _), PaymentTokenOptions.InvalidMessage)
            .Validate(o => PaymentTokenSeal.TryParseKeys(o.PreviousPaymentTokenKeys, out _), PaymentTokenOptions.InvalidPreviousMessage)
            .ValidateOnStart();
        services.TryAddSingleton(sp => PaymentTokenSeal.For(sp.GetRequiredService<IOptions<PaymentTokenOptions>>().Value));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new InventoryService(
            sp.GetRequiredService<IDocumentStore>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<OrdersOptions>>().Value.OnlineLocations.Select(l => l.Id).ToHashSet(StringComparer.Ordinal)));
        services.TryAddSingleton<OrderService>();
        services.TryAddSingleton<OrderHistory>();
        services.AddCustomerAuth();
        services.TryAddSingleton<CheckoutRequests>();
        services.TryAddSingleton<CartClaims>();
        services.TryAddSingleton<Checkout.CheckoutCartClaims>();
        services.TryAddSingleton<Checkout.OrderCompletion>();
        services.TryAddSingleton<CheckoutAdmissionLane>();
        services.TryAddSingleton<Checkout.CheckoutGate>();
        services.TryAddSingleton<Checkout.CheckoutAdmissions>();
        services.TryAddSingleton<CheckoutsInFlight>();
        services.TryAddSingleton<Checkout.CheckoutSweep>();

        services.AddPayments();
        services.AddCartCore(configuration);
        services.AddClickstreamPublisher(configuration);
        services.TryAddSingleton<ICheckoutCart, Checkout.CartCheckout>();
        services.TryAddSingleton<IQueueSender>(sp => new StorageQueueSender(StorageQueueSender.CreateClient(sp.GetRequiredService<IConfiguration>())));
        return services;
    }
}
