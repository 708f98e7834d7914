using Commerce.Cart.Auth;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commerce.Replenishment;

/// <summary>Everything the replenishment app needs, registered once; the function app's Program and the dev host both call it.</summary>
public static class ReplenishmentRegistration
{
    public const string AppName = "replenishment";
    public const string RunScheduleSetting = "Replenishment:RunSchedule";
    public const string OrdersQueueSection = "Replenishment:OrdersQueue";

    public static IServiceCollection AddReplenishment(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddCommerceDocumentStore(configuration, AppName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ReplenishmentSettings>();
        services.AddSingleton<DemandHistory>();
        services.AddSingleton<ForecastSignalReader>();
        services.AddSingleton<ShippedDemandFeed>();
        services.AddSingleton<ReplenishmentRuns>();
        services.AddSingleton<ReplenishmentReads>();
        services.AddCustomerAuth();

        // The replenishment-orders queue, named by Replenishment:OrdersQueue: a connection string, or serviceUri with
        // credential = managedidentity and clientId (Microsoft.Extensions.Azure's configuration shape).
        services.AddAzureClients(clients => clients.AddQueueServiceClient(configuration.GetSection(OrdersQueueSection)).WithName(OrdersQueueSection)
            .ConfigureOptions(o => o.MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64));
        services.TryAddSingleton<IReplenishmentOrderSender>(sp => new StorageQueueReplenishmentOrderSender(
            sp.GetRequiredService<IAzureClientFactory<Azure.Storage.Queues.QueueServiceClient>>().CreateClient(OrdersQueueSection)));
        return services;
    }
}
