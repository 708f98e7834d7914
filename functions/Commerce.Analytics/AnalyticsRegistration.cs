namespace Commerce.Analytics;

/// <summary>Everything the analytics app needs, registered once; the function app's Program and the dev host both call it.</summary>
public static class AnalyticsRegistration
{
    public const string AppName = "analytics";

    public static IServiceCollection AddAnalytics(this IServiceCollection services, IConfiguration configuration)
        => services.AddCommerceDefaults(configuration).AddCommerceDocumentStore(configuration, AppName);
}
