using Commerce.Pricing;
using Commerce.ServiceDefaults;

CommerceFunctionsApplication.Run(args, "commerce-pricing", (services, configuration) => services.AddPricing(configuration));
