using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Commerce.ServiceDefaults;

/// <summary>
/// The one host every function app runs in: the worker's ASP.NET Core integration, dependency outages mapped to 503
/// problems, OpenTelemetry under the app's service name, and the app's own services.
/// </summary>
public static class CommerceFunctionsApplication
{
    public static void Run(string[] args, string serviceName, Action<IServiceCollection, IConfiguration> addApp)
    {
        ArgumentNullException.ThrowIfNull(addApp);
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseTransientFailureMapping();
        builder.Services.AddFunctionsTelemetry(builder.Configuration, serviceName);
        addApp(builder.Services, builder.Configuration);
        builder.Build().Run();
    }
}
