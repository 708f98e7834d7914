using Commerce.Cart.Auth;
using Commerce.Analytics.Domain;
using Commerce.Analytics.Domain.Aggregation;
using Commerce.Analytics.Domain.Events;
using Commerce.Analytics.Domain.Summary;
using Commerce.Analytics.Recommendations;
using Commerce.Clickstream;
using Commerce.Recommendations;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Commerce.Analytics;

/// <summary>Everything the analytics app needs, registered once; the function app's Program and the dev host both call it.</summary>
public static class AnalyticsRegistration
{
    public const string AppName = "analytics";

    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCommerceDefaults(configuration).AddCommerceDocumentStore(configuration, AppName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddCustomerAuth(); // staff: the admin app role on a bearer token (AdminAccess)
        services.AddOptions<AnalyticsOptions>().BindConfiguration(AnalyticsOptions.Section)
            .ValidateDataAnnotations()
            .Validate(o => o.IsConsistent, "Analytics:Retention must be longer than Analytics:LateEventHorizon.")
            .ValidateOnStart();
        services.AddSingleton(sp => new StorefrontEventValidator(sp.GetRequiredService<IOptions<AnalyticsOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ClickstreamBatchProcessor>();
        services.AddSingleton<SummaryService>();
        services.AddSingleton<ProductDemandPublisher>(); // the demand contract pricing reads

        // Event Hubs in Azure; otherwise the in-process stream, which feeds the same batch processor as the Event Hub trigger.
        services.AddClickstreamPublisher(configuration);
        services.AddSingleton<IClickstreamBatchHandler, BatchProcessorHandler>();

        // Recommendations: the clickstream feeds the interactions; the timers train the model and publish trending.
        services.AddRecommendationStores();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IClickstreamProjection, InteractionsProjection>());
        return services;
    }

    sealed class BatchProcessorHandler(ClickstreamBatchProcessor processor) : IClickstreamBatchHandler
    {
        public Task HandleAsync(IReadOnlyList<Commerce.Contracts.StorefrontEvent> events, CancellationToken cancellationToken) => processor.ProcessAsync(events, cancellationToken);
    }
}
