using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Orders.Domain;
using Commerce.ServiceDefaults;
using Commerce.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Commerce.Orders.IntegrationTests;

/// <summary>The dev host with an in-memory span exporter and a logger that keeps every log's message and state.</summary>
public sealed class TracedOrdersHost : OrdersHost
{
    public RecordedSpans Spans { get; } = new();

    public RecordingLoggerProvider Logs { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(Spans));
        services.AddSingleton<ILoggerProvider>(Logs);
    }
}

/// <summary>What the in-memory exporter writes to: safe to read while spans end on other threads.</summary>
public sealed class RecordedSpans : ICollection<Activity>
{
    readonly ConcurrentQueue<Activity> spans = new();

    public int Count => spans.Count;

    public bool IsReadOnly => false;

    public IReadOnlyList<Activity> InTrace(ActivityTraceId traceId) => [.. spans.Where(s => s.TraceId == traceId)];

    public void Add(Activity item) => spans.Enqueue(item);

    public void Clear() => throw new NotSupportedException();

    public bool Contains(Activity item) => spans.Contains(item);

    public void CopyTo(Activity[] array, int arrayIndex) => spans.ToArray().CopyTo(array, arrayIndex);

    public bool Remove(Activity item) => throw new NotSupportedException();

    public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)spans.ToArray()).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>Keeps each log's formatted message and the string form of every value of its state.</summary>
public sealed class RecordingLoggerProvider : ILoggerProvider
{
    readonly ConcurrentQueue<string> texts = new();

    public IReadOnlyCollection<string> Texts => texts.ToArray();

    public ILogger CreateLogger(string categoryName) => new Recorder(texts);

    public void Dispose()
    {
    }

    sealed class Recorder(ConcurrentQueue<string> texts) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            texts.Enqueue(formatter(state, exception));
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (_, value) in values)
                {
                    texts.Enqueue(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty);
                }
            }

            if (exception is not null)
            {
                texts.Enqueue(exception.ToString());
            }
        }
    }
}

/// <summary>One trace per checkout: from the storefront's request, through the saga, to the warehouses and back.</summary>
public sealed class CheckoutTracingTests(TracedOrdersHost host) : IClassFixture<TracedOrdersHost>
{
    readonly HttpClient http = host.CreateShopperClient();

    static string NewSku() => "sku-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Posts a checkout of one SKU split over two warehouses (so the allocation sub-orchestration runs) under <paramref name="traceparent"/>.</summary>
    async Task<(string OrderId, string CartToken)> CheckoutAsync(string traceparent, string email, string line1)
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 1), ("wh-west", 1));
        var (cartId, token) = host.PutCart((sku, 2));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout")
        {
            Content = JsonContent.Create(new
            {
                cartId,
                cartToken = token,
                email,
                shippingAddress = new { name = "Ada Tracer", line1, city = "Springfield", region = "IL", postalCode = "62701", country = "US" },
                paymentToken = SimulatedPaymentGateway.Approve,
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Add("traceparent", traceparent);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("orderId").GetString()!;
        Assert.Equal("fulfilling", (await OrdersHost.WaitForOutcomeAsync(http, orderId)).GetProperty("status").GetString());
        return (orderId, token);
    }

    static string Traceparent(ActivityTraceId traceId) => $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01";

    static ActivityTraceId? TraceIdOf(string? traceparent)
        => traceparent is not null && ActivityContext.TryParse(traceparent, null, out var context) ? context.TraceId : null;

    static string? InstanceOf(Activity span) => span.GetTagItem("durabletask.task.instance_id") as string;

    [Fact]
    public async Task Checkout_saga_spans_and_its_fulfilment_messages_continue_the_trace_of_the_checkout_request()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var (orderId, _) = await CheckoutAsync(Traceparent(traceId), "buyer@example.com", "1 Main St");

        string[] expected =
        [
            "orchestration:CheckoutSaga", "orchestration:AllocationSaga",
            "activity:ReserveCart", "activity:AuthorizePayment", "activity:CommitShipment", "activity:CapturePayment", "activity:CreateOrder",
        ];
        await Eventually.UntilAsync(
            () => expected.All(name => host.Spans.InTrace(traceId).Any(s => s.DisplayName == name)),
            TimeSpan.FromSeconds(30),
            because: $"the saga's spans to join the request's trace; it holds [{string.Join(", ", host.Spans.InTrace(traceId).Select(s => s.DisplayName).Distinct())}]",
            cancellationToken: TestContext.Current.CancellationToken);

        var sagaSpans = host.Spans.Where(s => InstanceOf(s) is { } instance && instance.StartsWith(orderId, StringComparison.Ordinal)).ToList();
        Assert.All(sagaSpans, s => Assert.Equal(traceId, s.TraceId));

        var requests = host.Sent.SentTo(WarehouseQueues.FulfilmentRequests).Select(m => JsonDocument.Parse(m).RootElement)
            .Where(r => r.GetProperty("orderId").GetString() == orderId).ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(traceId, TraceIdOf(r.TryGetProperty("traceparent", out var tp) ? tp.GetString() : null)));
    }
}
