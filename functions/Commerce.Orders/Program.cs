using Commerce.Orders;
using Commerce.ServiceDefaults;

CommerceFunctionsApplication.Run(args, "commerce-orders", (services, configuration) => services.AddOrders(configuration));
