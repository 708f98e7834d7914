using Azure.Core;
using Azure.Identity;
using Azure.Messaging.EventHubs.Producer;
using Commerce.Clickstream;
using Commerce.Contracts;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the clickstream publisher every context uses (collector, cart, orders).</summary>
public static class ClickstreamRegistration
{
    /// <summary>
    /// <see cref="IClickstreamPublisher"/> over the transport <see cref="ClickstreamOptions.TransportOf"/> names: Event
    /// Hubs when <c>EventHubs:FullyQualifiedNamespace</c> is set (identity via Azure.Identity: the managed identity
    /// <c>EventHubs:ClientId</c>, else <c>DefaultAzureCredential</c>); locally, by <c>Clickstream:Transport</c> only, the
    /// <see cref="StorageQueueClickstreamPublisher.Queues"/> Storage queues, one per consumer (apps run apart over Azurite), or the in-process
    /// stream feeding the registered <see cref="IClickstreamBatchHandler"/> (the dev host). The app refuses to start
    /// with no transport chosen, or with a local one in Azure (<see cref="ClickstreamOptionsValidation"/>). Idempotent:
    /// the first call wins.
    /// </summary>
    public static IServiceCollection AddClickstreamPublisher(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(IClickstreamPublisher)))
        {
            return services;
        }

        services.AddOptions<EventHubsOptions>().BindConfiguration(EventHubsOptions.Section)
            .Validate(o => !o.IsConfigured || !string.IsNullOrWhiteSpace(o.HubName), "EventHubs:HubName is required with EventHubs:FullyQualifiedNamespace.")
            .ValidateOnStart();
        services.AddOptions<ClickstreamOptions>().BindConfiguration(ClickstreamOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClickstreamOptions>, ClickstreamOptionsValidation>());
        var transport = ClickstreamOptions.TransportOf(configuration);
        if (transport == ClickstreamTransports.EventHubs)
        {
            services.TryAddSingleton(sp =>
            {
                var options = sp.GetRequiredService<IOptions<EventHubsOptions>>().Value;
                TokenCredential credential = string.IsNullOrWhiteSpace(options.ClientId)
                    ? new DefaultAzureCredential()
                    : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
                return new EventHubProducerClient(options.FullyQualifiedNamespace, options.HubName, credential, EventHubsClickstreamPublisher.CreateClientOptions());
            });
            services.AddSingleton<IClickstreamPublisher, EventHubsClickstreamPublisher>();
        }
        else if (transport == ClickstreamTransports.StorageQueue)
        {
            services.AddSingleton<IClickstreamPublisher>(_ => new StorageQueueClickstreamPublisher(StorageQueueClickstreamPublisher.CreateQueues(configuration[StorageQueueClickstreamPublisher.Connection]!)));
        }
        else
        {
            // InProcess; also when nothing is chosen, so the container builds and the start-up check names the missing setting.
            services.AddSingleton<InProcessClickstream>();
            services.AddSingleton<IClickstreamPublisher>(sp => sp.GetRequiredService<InProcessClickstream>());
            services.AddHostedService(sp => sp.GetRequiredService<InProcessClickstream>());
        }

        return services;
    }
}
