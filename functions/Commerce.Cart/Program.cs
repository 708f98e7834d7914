using Commerce.Cart;
using Commerce.ServiceDefaults;

CommerceFunctionsApplication.Run(args, "commerce-cart", (services, configuration) => services.AddCart(configuration));
