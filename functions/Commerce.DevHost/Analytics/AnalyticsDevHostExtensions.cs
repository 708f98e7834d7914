namespace Commerce.DevHost.Analytics;

/// <summary>The analytics app's dev-host hook: the storefront events generator (off unless <c>DevHost:EventsGenerator:Enabled</c>).</summary>
/// <remarks>
/// The in-process clickstream stream itself is the analytics app's embedded default (registered by <c>AddAnalytics</c>
/// when no Event Hubs namespace is configured), so the function app run on its own behaves the same.
/// </remarks>
public static class AnalyticsDevHostExtensions
{
    public static IServiceCollection AddAnalyticsDevHost(this IServiceCollection services)
    {
        services.AddOptions<StorefrontEventsGeneratorOptions>().BindConfiguration(StorefrontEventsGeneratorOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<StorefrontEventsGenerator>();
        return services;
    }
}
