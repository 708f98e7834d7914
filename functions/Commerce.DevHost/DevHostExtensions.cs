using System.Reflection;
using Commerce.Analytics;
using Commerce.Cart;
using Commerce.Catalog;
using Commerce.Clickstream;
using Commerce.DevHost.Cart;
using Commerce.DevHost.Analytics;
using Commerce.DevHost.Azurite;
using Commerce.DevHost.Catalog;
using Commerce.DevHost.Durable;
using Commerce.DevHost.Functions;
using Commerce.DevHost.Orders;
using Commerce.DevHost.Recommendations;
using Commerce.Orders;
using Commerce.Pricing;
using Commerce.DevHost.Pricing;
using Commerce.DevHost.Replenishment;
using Commerce.Replenishment;
using Commerce.ServiceDefaults;
using Commerce.ServiceDefaults.OpenApi;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Scalar.AspNetCore;

namespace Commerce.DevHost;

/// <summary>Composition of the dev host: the six apps' own registrations, plus local stand-ins for the Functions host.</summary>
public static class DevHostExtensions
{
    public const string DefaultUrl = "http://127.0.0.1:7071";

    /// <summary>The apps this process runs, by name, with the assembly their functions live in.</summary>
    public static IReadOnlyDictionary<string, Assembly> Apps { get; } = new Dictionary<string, Assembly>
    {
        [CatalogRegistration.AppName] = typeof(CatalogRegistration).Assembly,
        [CartRegistration.AppName] = typeof(CartRegistration).Assembly,
        [OrdersRegistration.AppName] = typeof(OrdersRegistration).Assembly,
        [AnalyticsRegistration.AppName] = typeof(AnalyticsRegistration).Assembly,
        [PricingRegistration.AppName] = typeof(PricingRegistration).Assembly,
        [ReplenishmentRegistration.AppName] = typeof(ReplenishmentRegistration).Assembly,
    };

    public static WebApplicationBuilder AddCommerceDevHost(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var dataPath = Path.GetFullPath(builder.Configuration[$"{DevHostOptions.Section}:{nameof(DevHostOptions.DataPath)}"] ?? new DevHostOptions().DataPath);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{DevHostOptions.Section}:{nameof(DevHostOptions.DataPath)}"] = dataPath,
            ["Documents:DataPath"] = builder.Configuration["Documents:DataPath"] ?? Path.Combine(dataPath, "documents"),
            // The apps' clickstream stays in this process (analytics is here too) unless Event Hubs or a transport is named.
            [ClickstreamOptions.Setting] = ClickstreamOptions.TransportOf(builder.Configuration) ?? ClickstreamTransports.InProcess,
        });

        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddCatalog(configuration).AddCart(configuration).AddOrders(configuration).AddAnalytics(configuration);
        services.AddPricing(configuration);
        services.AddReplenishment(configuration);
        services.AddCartDevTokens();
        services.AddAnalyticsDevHost();
        builder.AddCatalogDevHost();
        services.AddOrdersDevHost();
        builder.AddRecommendationsDevHost();
        builder.AddPricingDevHost();
        builder.AddReplenishmentDevHost();

        services.AddCommerceTelemetry(configuration, "commerce-devhost")
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation(aspNetCore => aspNetCore.Filter = context => !TelemetryExtensions.IsDurableTaskTransport(context.Request.Path.Value)))
            .WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation());

        services.AddFunctionHosting(new FunctionCatalog(Apps));
        // Routing's own refusals in the platform's problem shape. A path no route matches (an unknown path, or an empty
        // segment where a route has a parameter, such as proposals//approve) answers the platform's 404 problem, the same
        // one a route gives a caller it refuses (HttpFunctionEndpoints.NotFoundWithoutKey): what does not exist and what
        // is not yours look alike. In Azure the edge reshapes the Functions host's bare 404 the same way
        // (infra/modules/edge/global-policy.xml). A method the path does not declare is 405 (its Allow header names the
        // declared ones).
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails.Status == StatusCodes.Status405MethodNotAllowed)
            {
                context.ProblemDetails.Type = Problems.TypeBase + "method-not-allowed";
                context.ProblemDetails.Title = "The path does not answer this method.";
            }
            else if (context.ProblemDetails.Status == StatusCodes.Status404NotFound && context.Exception is null)
            {
                var platform = HttpFunctionEndpoints.NotFoundWithoutKey().Value as Microsoft.AspNetCore.Mvc.ProblemDetails;
                (context.ProblemDetails.Type, context.ProblemDetails.Title) = (platform!.Type, platform.Title);
            }
        });
        return builder;
    }

    /// <summary>
    /// The local stand-in for the Functions host, for any set of function classes: the catalog, IActionResult
    /// execution, queue triggers and orchestrations/activities, in process or (<c>DevHost:Backend=Azurite</c>) on
    /// Azure Storage queues and the Azure Storage durable provider over Azurite.
    /// </summary>
    public static IServiceCollection AddFunctionHosting(this IServiceCollection services, FunctionCatalog catalog)
    {
        var wiring = new TriggerWiring();
        services.AddSingleton(catalog);
        services.AddSingleton(_ => ServedOpenApiDocument.Merged(catalog.Apps));
        services.AddSingleton(wiring);
        services.AddOptions<DevHostOptions>().BindConfiguration(DevHostOptions.Section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Commerce.Cart.Auth.IAdminKeys, DevHostAdminKeys>());
        services.AddMvcCore();
        services.AddOptions<AzuriteOptions>().BindConfiguration(AzuriteOptions.Section);

        // Azurite answers before the durable engine and the queue listeners start (hosted services start in order).
        services.AddSingleton<AzuriteLauncher>();
        services.AddHostedService(sp => sp.GetRequiredService<AzuriteLauncher>());
        services.AddSingleton(sp => QueueTriggerOptions.FromHostJson(QueueTriggerOptions.HostJsonPath(sp.GetRequiredService<IConfiguration>())));
        services.AddSingleton<InProcessQueueBroker>();
        services.AddHostedService(sp => sp.GetRequiredService<InProcessQueueBroker>());
        services.AddSingleton<StorageQueueTriggers>();
        services.AddHostedService(sp => sp.GetRequiredService<StorageQueueTriggers>());
        services.AddSingleton<IDevHostQueues>(sp => sp.GetRequiredService<IOptions<DevHostOptions>>().Value.Backend == DevHostBackend.Azurite
            ? sp.GetRequiredService<StorageQueueTriggers>()
            : sp.GetRequiredService<InProcessQueueBroker>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<TimerFunctions>();
        services.AddHostedService(sp => sp.GetRequiredService<TimerFunctions>());
        services.AddDevHostDurableTask(registry => DurableFunctionTasks.Register(registry, catalog, wiring));
        // As the Functions host: the task hub's partitions are host.json's unless DevHost:Durable:PartitionCount says otherwise.
        services.AddOptions<DevHostDurableOptions>().PostConfigure<IConfiguration>((durable, configuration)
            => durable.PartitionCount ??= DevHostDurableOptions.HostJsonPartitionCount(QueueTriggerOptions.HostJsonPath(configuration)));
        return services;
    }

    public static WebApplication MapCommerceDevHost(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var catalog = app.Services.GetRequiredService<FunctionCatalog>();
        app.MapHttpFunctions(catalog);
        app.MapAdminFunctions();
        app.MapCartDevTokens();
        var document = app.Services.GetRequiredService<ServedOpenApiDocument>();
        app.MapGet("/openapi/v1.json", (HttpRequest request) => document.RespondHttp(request)).ExcludeFromDescription();
        app.MapScalarApiReference();
        app.MapGet("/", () => LandingPage.Render(catalog)).ExcludeFromDescription();
        return app;
    }
}
