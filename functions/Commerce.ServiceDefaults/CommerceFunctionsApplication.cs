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
    public static void Run(string[] args, string serviceName, Action<IServiceCollection, IConfiguration> addApp) => Build(args, serviceName, addApp).Run();

    /// <summary>
    /// The app's host as <see cref="Run"/> starts it, built but not started: its configuration comes from the
    /// environment (the Functions host passes the app settings, or <c>local.settings.json</c>'s <c>Values</c> under
    /// <c>func start</c>) and <paramref name="args"/>; its content root is the working directory, which
    /// <c>func start</c> sets to the app's <c>bin/output</c> (or <c>--contentRoot</c>).
    /// </summary>
    public static IHost Build(string[] args, string serviceName, Action<IServiceCollection, IConfiguration> addApp)
    {
        ArgumentNullException.ThrowIfNull(addApp);
        var builder = FunctionsApplication.CreateBuilder(args);
        builder.ConfigureFunctionsWebApplication();
        builder.UseTransientFailureMapping();
        builder.Services.AddFunctionsTelemetry(builder.Configuration, serviceName);
        addApp(builder.Services, builder.Configuration);
        return builder.Build();
    }
}
