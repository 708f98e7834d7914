using Commerce.Catalog;
using Commerce.ServiceDefaults;

CommerceFunctionsApplication.Run(args, "commerce-catalog", (services, configuration) => services.AddCatalog(configuration));
