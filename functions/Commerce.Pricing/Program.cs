using Commerce.Pricing;
using Commerce.ServiceDefaults;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseTransientFailureMapping();
builder.Services.AddFunctionsTelemetry(builder.Configuration, "commerce-pricing");
builder.Services.AddPricing(builder.Configuration);
builder.Build().Run();
