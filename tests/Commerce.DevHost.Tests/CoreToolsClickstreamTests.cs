using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Cart;
using Commerce.Cart.Domain;
using Commerce.Cart.Http;
using Commerce.Clickstream;
using Commerce.Contracts;
using Commerce.DevHost.Functions;
using Commerce.Pricing;
using Commerce.Pricing.Domain;
using Commerce.ServiceDefaults;
using Commerce.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Commerce.DevHost.Tests;

/// <summary>
/// The clickstream on the Core Tools path: without Event Hubs, local apps publish every event to each consumer's
/// Storage queue on Azurite (<c>clickstream-analytics</c>, <c>clickstream-pricing</c>; <c>Clickstream:Transport=StorageQueue</c>,
/// connection <c>ClickstreamQueue</c>, as <c>local.settings.sample.json</c> says), as each consumer group of the Event
/// Hub gets every event in Azure: the analytics app's queue trigger folds it into its aggregates, pricing's into its
/// experiments' visitors. The
/// local transports are chosen by explicit local configuration only: nothing chosen, or one chosen in Azure, and the
/// app does not start.
/// </summary>
public sealed class CoreToolsClickstreamTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    readonly string scratch = Directory.CreateTempSubdirectory("commerce-clickstream-").FullName;

    CancellationToken Cancel => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task An_event_the_carts_sender_publishes_without_Event_Hubs_reaches_the_analytics_aggregates_through_the_Azurite_queue()
    {
        await using var analytics = await DevHostOnAzuriteAsync();
        using var cart = CommerceFunctionsApplication.Build(
            ["--contentRoot", scratch, .. CoreToolsSettings.SampleAsArguments(), $"--ClickstreamQueue={azurite.ConnectionString}", $"--Documents:DataPath={Path.Combine(scratch, "cart-documents")}"],
            "commerce-cart", (services, configuration) => services.AddCart(configuration));

        await cart.Services.GetRequiredService<CartHttp>().PublishAsync([new CartLineChanged("cart-1", null, "sku-queued", 2, 1500, "EUR")], Cancel);

        await Eventually.UntilAsync(async () => await AddToCartsAsync(analytics.GetTestClient()) == 1, TimeSpan.FromSeconds(60),
            because: "the cart's add-to-cart event should travel the clickstream queue to the analytics app's aggregates", cancellationToken: Cancel);
    }

    [Fact]
    public async Task Every_clickstream_consumer_gets_every_event_without_Event_Hubs_as_each_consumer_group_does_in_Azure()
    {
        await using var apps = await DevHostOnAzuriteAsync();
        var consumers = apps.Services.GetRequiredService<FunctionCatalog>().OfKind(TriggerKind.Queue)
            .Where(f => f.QueueName!.StartsWith("clickstream", StringComparison.Ordinal)).Select(f => (f.App, Queue: f.QueueName!));
        Assert.Equal([("analytics", StorageQueueClickstreamPublisher.AnalyticsQueue), ("pricing", StorageQueueClickstreamPublisher.PricingQueue)], consumers.Order());
        Assert.Equal([StorageQueueClickstreamPublisher.AnalyticsQueue, StorageQueueClickstreamPublisher.PricingQueue], StorageQueueClickstreamPublisher.Queues.Order(StringComparer.Ordinal));
        using var staff = apps.GetTestClient();
        staff.DefaultRequestHeaders.Add("x-functions-key", "local-admin-key");
        var experiment = await StartExperimentAsync(staff);
        using var cart = CommerceFunctionsApplication.Build(
            ["--contentRoot", scratch, .. CoreToolsSettings.SampleAsArguments(), $"--ClickstreamQueue={azurite.ConnectionString}", $"--Documents:DataPath={Path.Combine(scratch, "cart-documents")}"],
            "commerce-cart", (services, configuration) => services.AddCart(configuration));
        var shopper = "s-" + Guid.NewGuid().ToString("N")[..12];

        await cart.Services.GetRequiredService<IClickstreamPublisher>().PublishAsync(
            [
                new StorefrontEvent { Id = Guid.NewGuid().ToString("N"), Type = StorefrontEventTypes.PriceExposure, SessionId = shopper, Shopper = shopper, Timestamp = DateTimeOffset.UtcNow, Experiment = new ExperimentExposure(experiment, "minus20") },
                new StorefrontEvent { Id = Guid.NewGuid().ToString("N"), Type = StorefrontEventTypes.AddToCart, SessionId = shopper, Timestamp = DateTimeOffset.UtcNow, ProductId = "p-any" },
            ],
            Cancel);

        await Eventually.UntilAsync(async () => await AddToCartsAsync(staff) == 1, TimeSpan.FromSeconds(60),
            because: "the add-to-cart should reach the analytics app's aggregates", cancellationToken: Cancel);
        await Eventually.UntilAsync(async () => await VisitorsAsync(staff, experiment) == 1, TimeSpan.FromSeconds(60),
            because: "the exposure should reach the pricing app's experiment visitors, as pricing's own consumer group gets it in Azure", cancellationToken: Cancel);
    }

    [Fact]
    public void The_pricing_app_reads_its_schedule_and_applied_price_queue_from_the_sample_settings_func_start_hands_it()
    {
        using var pricing = CommerceFunctionsApplication.Build(
            ["--contentRoot", scratch, .. CoreToolsSettings.SampleAsArguments(), $"--Documents:DataPath={Path.Combine(scratch, "pricing-documents")}"],
            "commerce-pricing", (services, configuration) => services.AddPricing(configuration));

        Assert.False(string.IsNullOrWhiteSpace(pricing.Services.GetRequiredService<IOptions<PricingOptions>>().Value.RunSchedule));
        Assert.Equal("UseDevelopmentStorage=true", pricing.Services.GetRequiredService<IConfiguration>()[PricingRegistration.AppliedPriceQueueSection]);
    }

    [Theory]
    [InlineData("StorageQueue")]
    [InlineData("InProcess")]
    public async Task An_app_running_in_Azure_refuses_to_start_with_a_local_clickstream_transport(string transport)
    {
        var refused = await RefusedStartAsync(new Dictionary<string, string?>
        {
            ["Clickstream:Transport"] = transport,
            ["ClickstreamQueue"] = azurite.ConnectionString,
            ["WEBSITE_SITE_NAME"] = "commerce-cart-abc",
        });

        Assert.Contains("Clickstream:Transport", refused.Message, StringComparison.Ordinal);
        Assert.Contains("WEBSITE_SITE_NAME", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_Event_Hubs_or_an_explicit_clickstream_transport_the_app_refuses_to_start_naming_both_settings()
    {
        var refused = await RefusedStartAsync(new Dictionary<string, string?>());

        Assert.Contains("Clickstream:Transport", refused.Message, StringComparison.Ordinal);
        Assert.Contains("EventHubs:FullyQualifiedNamespace", refused.Message, StringComparison.Ordinal);
    }

    async Task<OptionsValidationException> RefusedStartAsync(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = scratch });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Configuration["Documents:DataPath"] = Path.Combine(scratch, "documents");
        builder.Services.AddCart(builder.Configuration);
        using var host = builder.Build();

        return await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Cancel));
    }

    /// <summary>The whole dev host on the Azurite backend (its queue triggers poll Storage queues there), as the analytics app's stand-in.</summary>
    async Task<WebApplication> DevHostOnAzuriteAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DevHost:DataPath"] = Path.Combine(scratch, "devhost"),
            ["Catalog:Demo:Products"] = "20",
            ["DevHost:EventsGenerator:Enabled"] = "false",
            ["DevHost:Backend"] = "Azurite",
            ["DevHost:Azurite:ConnectionString"] = azurite.ConnectionString,
            ["DevHost:Azurite:TaskHubConnectionString"] = azurite.ConnectionString,
            ["DevHost:Azurite:TaskHub"] = "hub" + Guid.NewGuid().ToString("N")[..20],
            ["DevHost:Azurite:Start"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddCommerceDevHost();
        var app = builder.Build();
        app.MapCommerceDevHost();
        await app.StartAsync(Cancel);
        return app;
    }

    /// <summary>Starts a 50/50 experiment on a demo product's first SKU through pricing's staff route; its id.</summary>
    async Task<string> StartExperimentAsync(HttpClient staff)
    {
        var listing = await staff.GetFromJsonAsync<JsonElement>("/api/products?pageSize=1", Cancel);
        var productId = listing.GetProperty("items")[0].GetProperty("id").GetString();
        var product = await staff.GetFromJsonAsync<JsonElement>($"/api/products/{productId}", Cancel);
        using var created = await staff.PostAsJsonAsync("/api/admin/experiments", new
        {
            name = "Core Tools -20 %",
            variants = new object[] { new { name = "control", multiplierBasisPoints = 10_000, weight = 50 }, new { name = "minus20", multiplierBasisPoints = 8_000, weight = 50 } },
            skus = new[] { product.GetProperty("variants")[0].GetProperty("sku").GetString() },
        }, Cancel);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(created.StatusCode == System.Net.HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    async Task<long> VisitorsAsync(HttpClient staff, string experiment)
    {
        var results = await staff.GetFromJsonAsync<JsonElement>($"/api/admin/experiments/{experiment}/results", Cancel);
        return results.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("visitors").GetInt64());
    }

    async Task<long> AddToCartsAsync(HttpClient client)
    {
        var from = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        var to = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddMinutes(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/analytics/summary?from={from}&to={to}");
        request.Headers.Add("x-functions-key", "local-admin-key");
        using var response = await client.SendAsync(request, Cancel);
        response.EnsureSuccessStatusCode();
        var summary = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        return summary.GetProperty("totals").GetProperty("counts").GetProperty("addToCarts").GetInt64();
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(scratch, recursive: true);
        return ValueTask.CompletedTask;
    }
}
