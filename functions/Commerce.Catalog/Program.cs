using Commerce.Catalog;
using Commerce.ServiceDefaults;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;

var builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();
builder.UseTransientFailureMapping();
builder.Services.AddFunctionsTelemetry(builder.Configuration, "commerce-catalog");
builder.Services.AddCatalog(builder.Configuration);
builder.Build().Run();
