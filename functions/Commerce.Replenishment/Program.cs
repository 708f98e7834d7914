using Commerce.Replenishment;
using Commerce.ServiceDefaults;

CommerceFunctionsApplication.Run(args, "commerce-replenishment", (services, configuration) => services.AddReplenishment(configuration));
