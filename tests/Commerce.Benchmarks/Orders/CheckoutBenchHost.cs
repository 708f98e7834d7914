using System.Security.Cryptography;
using Commerce.DevHost;
using Commerce.Documents;
using Commerce.Orders.Domain;
using Commerce.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Instrumentation.Http;
using OpenTelemetry.Trace;

namespace Commerce.Benchmarks.Orders;

/// <summary>
/// A dev host on a fresh data folder for the checkout benchmarks: no demo catalog (its background seeding would compete
/// with the sagas being measured), carts pre-priced from memory (the saga is what is measured, not the cart context),
/// optionally a document store that counts operations. Disposing stops it and deletes the folder.
/// </summary>
internal sealed class CheckoutBenchHost : IAsyncDisposable
{
    readonly string dataPath;
    readonly WebApplication app;

    CheckoutBenchHost(string dataPath, WebApplication app, DiscardingExporter exporter)
    {
        (this.dataPath, this.app, exported) = (dataPath, app, exporter);
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromMinutes(5) };
        Http.DefaultRequestHeaders.Add(LoadGeneratorHeader, "1");
    }

    public HttpClient Http { get; }

    public IServiceProvider Services => app.Services;

    public InMemoryCheckoutCarts Carts => app.Services.GetRequiredService<InMemoryCheckoutCarts>();

    public InventoryService Inventory => app.Services.GetRequiredService<InventoryService>();

    /// <summary>Marks the load generator's own requests, whose client spans are not the service's cost (its server spans are).</summary>
    const string LoadGeneratorHeader = "X-Commerce-Bench";

    /// <summary>Spans handed to the exporter so far (with tracing on; 0 otherwise).</summary>
    public long ExportedSpans => exported.Count;

    readonly DiscardingExporter exported;

    /// <summary>The simulated payment provider, with the local webhook secret (no provider is chosen by default).</summary>
    public static readonly IReadOnlyList<string> SimulatedPayments = ["--Payments:Provider", "Simulated", "--Payments:WebhookSecret", "local-payment-webhook-secret"];

    /// <summary>The Stripe adapter against a fake of Stripe's API at <paramref name="apiBase"/>.</summary>
    public static IReadOnlyList<string> StripePayments(Uri apiBase) =>
        ["--Payments:Provider", "Stripe", "--Payments:WebhookSecret", "local-payment-webhook-secret", "--Payments:Stripe:ApiKey", Commerce.Testing.Stripe.FakeStripe.ApiKey, "--Payments:Stripe:ApiBase", apiBase.ToString()];

    /// <param name="payments">Payment settings as command-line arguments; <see cref="SimulatedPayments"/> when null.</param>
    /// <param name="tracing">
    /// Null: as the dev host is configured. True: every span recorded and exported (a batch exporter that discards them,
    /// so the cost measured is the tracing's, not a backend's). False: tracing off (nothing sampled: no spans, and no trace
    /// context is stamped on the saga or its messages).
    /// </param>
    public static async Task<CheckoutBenchHost> StartAsync(bool countStoreOperations = false, IReadOnlyList<string>? payments = null, bool? tracing = null)
    {
        var exporter = new DiscardingExporter();
        var dataPath = Path.Combine(Path.GetTempPath(), "commerce-orders-bench", Guid.NewGuid().ToString("N"));
        // A payment token key of the run's own: the dev host's appsettings (which holds the local one) is not loaded here.
        var paymentTokenKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var builder = WebApplication.CreateBuilder(["--urls", "http://127.0.0.1:0", "--DevHost:DataPath", dataPath, "--Catalog:Demo:Products", "0", $"--{PaymentTokenOptions.Setting}", paymentTokenKey, .. payments ?? SimulatedPayments]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddCommerceDevHost();
        builder.Services.AddSingleton<InMemoryCheckoutCarts>();
        builder.Services.Replace(ServiceDescriptor.Singleton<ICheckoutCart>(sp => sp.GetRequiredService<InMemoryCheckoutCarts>()));
        if (countStoreOperations)
        {
            var store = builder.Services.Last(d => d.ServiceType == typeof(IDocumentStore));
            builder.Services.AddSingleton(sp => new CountingDocumentStore((IDocumentStore)store.ImplementationFactory!(sp)));
            builder.Services.Replace(ServiceDescriptor.Singleton<IDocumentStore>(sp => sp.GetRequiredService<CountingDocumentStore>()));
        }

        if (tracing is { } on)
        {
            builder.Services.AddOpenTelemetry().WithTracing(t => _ = on
                ? t.SetSampler(new AlwaysOnSampler()).AddProcessor(new BatchActivityExportProcessor(exporter))
                : t.SetSampler(new AlwaysOffSampler()));
            builder.Services.Configure<HttpClientTraceInstrumentationOptions>(http =>
            {
                var service = http.FilterHttpRequestMessage;
                http.FilterHttpRequestMessage = request => !request.Headers.Contains(LoadGeneratorHeader) && (service?.Invoke(request) ?? true);
            });
        }

        var app = builder.Build();
        app.MapCommerceDevHost();
        await app.StartAsync();
        return new CheckoutBenchHost(dataPath, app, exporter);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }
}

/// <summary>An exporter that counts and drops spans: the tracing's own cost, without a backend's.</summary>
internal sealed class DiscardingExporter : BaseExporter<System.Diagnostics.Activity>
{
    long count;

    public long Count => Interlocked.Read(ref count);

    public override ExportResult Export(in Batch<System.Diagnostics.Activity> batch)
    {
        Interlocked.Add(ref count, batch.Count);
        return ExportResult.Success;
    }
}
