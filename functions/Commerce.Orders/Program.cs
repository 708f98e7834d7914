using Commerce.Orders;
using Commerce.ServiceDefaults;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseTransientFailureMapping();
builder.Services.AddFunctionsTelemetry(builder.Configuration, "commerce-orders");
builder.Services.AddOrders(builder.Configuration);
builder.Build().Run();
