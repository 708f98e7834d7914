using Commerce.Analytics;
using Commerce.ServiceDefaults;

CommerceFunctionsApplication.Run(args, "commerce-analytics", (services, configuration) => services.AddAnalytics(configuration));
