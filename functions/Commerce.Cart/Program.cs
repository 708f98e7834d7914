using Commerce.Cart;
using Commerce.ServiceDefaults;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseTransientFailureMapping();
builder.Services.AddFunctionsTelemetry(builder.Configuration, "commerce-cart");
builder.Services.AddCart(builder.Configuration);
builder.Build().Run();
