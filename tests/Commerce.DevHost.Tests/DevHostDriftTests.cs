using Commerce.DevHost.Functions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.DevHost.Tests;

/// <summary>
/// The dev host must serve exactly what the function apps declare to the Functions host: every HTTP trigger (route and
/// methods) and every queue, orchestration and activity trigger, and nothing else.
/// </summary>
public sealed class DevHostDriftTests(DevHostFactory factory) : IClassFixture<DevHostFactory>
{
    static readonly (string App, string Project)[] AppProjects =
    [
        ("catalog", "Commerce.Catalog"),
        ("cart", "Commerce.Cart"),
        ("orders", "Commerce.Orders"),
        ("analytics", "Commerce.Analytics"),
        ("pricing", "Commerce.Pricing"),
        ("replenishment", "Commerce.Replenishment"),
    ];

    public static TheoryData<string, string> Apps => new(AppProjects);

    [Fact]
    public async Task Dev_host_serves_every_function_the_apps_declare_and_nothing_else()
    {
        var declared = AppProjects.SelectMany(a => FunctionsMetadata.Read(a.App, a.Project)).Select(f => f.Key).ToArray();
        var served = await ServedAsync();

        var report = DriftReport.Compare(declared, served);

        Assert.NotEmpty(declared);
        Assert.True(report.Clean, report.ToString());
    }

    [Theory]
    [MemberData(nameof(Apps))]
    public void Every_app_declares_its_health_route(string app, string project)
    {
        var functions = FunctionsMetadata.Read(app, project);

        Assert.Contains(functions, f => f.TriggerType == "httpTrigger" && f.Route == $"{app}/health" && f.Methods.SequenceEqual(["GET"]));
    }

    [Fact]
    public void A_function_missing_from_the_dev_host_is_reported()
    {
        const string metadata = """
            [{"name":"ShipmentConfirmed","bindings":[{"name":"message","type":"queueTrigger","direction":"In","queueName":"shipments"}]},
             {"name":"CatalogHealth","bindings":[{"name":"req","type":"httpTrigger","direction":"In","methods":["get"],"route":"catalog/health"},{"name":"$return","type":"http","direction":"Out"}]}]
            """;
        var declared = FunctionsMetadata.Parse("catalog", metadata).Select(f => f.Key);

        var report = DriftReport.Compare(declared, ["catalog:CatalogHealth http GET /api/catalog/health", "catalog:Nightly timerTrigger"]);

        Assert.Equal(["catalog:ShipmentConfirmed queueTrigger"], report.MissingFromDevHost);
        Assert.Equal(["catalog:Nightly timerTrigger"], report.ExtraInDevHost);
    }

    async Task<IReadOnlyList<string>> ServedAsync()
    {
        // Starting the host runs the durable worker and the queue broker, which record what they wire.
        using var client = factory.CreateClient();
        var catalog = factory.Services.GetRequiredService<FunctionCatalog>();
        var wiring = factory.Services.GetRequiredService<TriggerWiring>();
        await WaitForWiringAsync(catalog, wiring);

        var http = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .SelectMany(e => e.Metadata.GetOrderedMetadata<FunctionEndpointMetadata>().Select(m => (Endpoint: e, m.Function)))
            .Select(e => $"{e.Function.App}:{e.Function.Name} http {string.Join(',', e.Endpoint.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Order(StringComparer.Ordinal))} {e.Endpoint.RoutePattern.RawText}");

        var appOf = catalog.Functions.ToDictionary(f => f.Name, f => f.App);
        var triggers = wiring.Wired.Select(w => $"{appOf[w.Key]}:{w.Key} {MetadataTriggerType(w.Value)}");
        return http.Concat(triggers).ToArray();
    }

    static async Task WaitForWiringAsync(FunctionCatalog catalog, TriggerWiring wiring)
    {
        var expected = catalog.Functions.Count(f => f.Kind is TriggerKind.Queue or TriggerKind.Orchestration or TriggerKind.Activity or TriggerKind.Timer);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (wiring.Wired.Count < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    static string MetadataTriggerType(TriggerKind kind) => kind switch
    {
        TriggerKind.Queue => "queueTrigger",
        TriggerKind.Orchestration => "orchestrationTrigger",
        TriggerKind.Activity => "activityTrigger",
        TriggerKind.Timer => "timerTrigger",
        _ => kind.ToString(),
    };
}
