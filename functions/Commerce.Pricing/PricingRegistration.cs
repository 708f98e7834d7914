using Commerce.Cart.Auth;
using Commerce.Clickstream;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commerce.Pricing;

/// <summary>Everything the pricing app needs, registered once; the function app's Program and the dev host both call it.</summary>
public static class PricingRegistration
{
    public const string AppName = "pricing";
    public const string AppliedPriceQueueSection = "Pricing:AppliedPriceQueue";

    public static IServiceCollection AddPricing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCommerceDocumentStore(configuration, AppName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PricingOptions>().BindConfiguration(PricingOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.RunSchedule), "Pricing:RunSchedule (the pricing run's NCRONTAB schedule) is required.")
            .Validate(o => o.CompetitorPriceMaxAge > TimeSpan.Zero && o.ClockSkew >= TimeSpan.Zero, "Pricing:CompetitorPriceMaxAge must be positive and Pricing:ClockSkew not negative.")
            .Validate(o => o.TrainingDays is >= 7 and <= 366 && o.SignalDays is >= 1 and <= 366 && o.LowStockCoverDays >= 0, "Pricing:TrainingDays is 7-366, Pricing:SignalDays 1-366 and Pricing:LowStockCoverDays not negative.")
            .ValidateOnStart();
        services.AddSingleton<CategoryIndex>();
        services.AddSingleton<PricingService>();
        services.AddSingleton<CompetitorPrices>();
        services.AddSingleton<PricingHttp>();
        services.AddSingleton<DemandSignals>();
        services.AddSingleton<PriceModels>();
        services.AddSingleton<PricingRuns>();
        services.AddSingleton<Experiments>();

        // Exposures and purchases from the clickstream: the Event Hub trigger in Azure, the in-process stream locally.
        services.AddSingleton<ExperimentVisits>();
        services.AddSingleton<IClickstreamBatchHandler, ExperimentVisitsHandler>();
        services.AddCustomerAuth();

        // The applied-prices queue lives on the storage account the catalog's queue trigger reads (the catalog's
        // AzureWebJobsStorage), named by Pricing:AppliedPriceQueue: a connection string, or serviceUri with
        // credential = managedidentity and clientId (Microsoft.Extensions.Azure's configuration shape).
        services.AddAzureClients(clients => clients.AddQueueServiceClient(configuration.GetSection(AppliedPriceQueueSection))
            .ConfigureOptions(o => o.MessageEncoding = Azure.Storage.Queues.QueueMessageEncoding.Base64));
        services.TryAddSingleton<IAppliedPriceNotifier, StorageQueueAppliedPriceNotifier>();
        return services;
    }

    sealed class ExperimentVisitsHandler(ExperimentVisits visits) : IClickstreamBatchHandler
    {
        public Task HandleAsync(IReadOnlyList<Commerce.Contracts.StorefrontEvent> events, CancellationToken cancellationToken) => visits.RecordAsync(events, cancellationToken);
    }
}
