using System.Collections;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Contracts;
using Commerce.Orders.Domain;
using Commerce.ServiceDefaults;
using Commerce.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace Commerce.Orders.IntegrationTests;

/// <summary>The dev host with an in-memory span exporter and a logger that keeps every log's message and state.</summary>
public class TracedOrdersHost : OrdersHost
{
    public RecordedSpans Spans { get; } = new();

    public RecordingLoggerProvider Logs { get; } = new();

    protected override void ConfigureServices(IServiceCollection services)
    {
        services.AddOpenTelemetry().WithTracing(tracing => tracing.AddInMemoryExporter(Spans));
        services.AddSingleton<ILoggerProvider>(Logs);
    }
}

/// <summary>The traced dev host with a backlog of one saga: a second checkout waits in the flash-sale lane.</summary>
public sealed class TracedFlashSaleHost : TracedOrdersHost
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Orders:CheckoutBacklogLimit"] = "1" };
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

    internal static string NewSku() => "sku-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Posts a checkout of one SKU split over two warehouses (so the allocation sub-orchestration runs) under
    /// <paramref name="traceparent"/>, and waits for its outcome; returns the order id, the order token of the 202 and the cart token.
    /// </summary>
    async Task<(string OrderId, string OrderToken, string CartToken)> CheckoutAsync(string traceparent, string email = "buyer@example.com", string line1 = "1 Main St", string paymentToken = SimulatedPaymentGateway.Approve, string outcome = "fulfilling")
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
                paymentToken,
            }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Add("traceparent", traceparent);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var orderId = accepted.GetProperty("orderId").GetString()!;
        Assert.Equal(outcome, (await OrdersHost.WaitForOutcomeAsync(http, orderId)).GetProperty("status").GetString());
        return (orderId, accepted.GetProperty("orderToken").GetString()!, token);
    }

    /// <summary>The checkout's 202 under <paramref name="traceparent"/> (a fresh single-warehouse cart), without waiting for its outcome.</summary>
    public static async Task<JsonElement> PostCheckoutAsync(OrdersHost host, HttpClient http, string traceparent, string paymentToken)
    {
        var sku = NewSku();
        await host.SeedAsync(sku, ("wh-east", 5));
        var (cartId, token) = host.PutCart((sku, 1));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout") { Content = JsonContent.Create(OrdersHost.Body(cartId, token, paymentToken)) };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
        request.Headers.Add("traceparent", traceparent);
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }

    /// <summary>The saga's orchestration span once it ended (it is exported when the orchestration completes).</summary>
    async Task<Activity> SagaSpanAsync(ActivityTraceId traceId)
    {
        Activity? saga = null;
        await Eventually.UntilAsync(
            () => (saga = host.Spans.InTrace(traceId).FirstOrDefault(s => s.DisplayName == "orchestration:CheckoutSaga")) is not null,
            TimeSpan.FromSeconds(30),
            because: "the saga's span to be exported",
            cancellationToken: TestContext.Current.CancellationToken);
        return saga!;
    }

    internal static string Traceparent(ActivityTraceId traceId) => $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01";

    static ActivityTraceId? TraceIdOf(string? traceparent)
        => traceparent is not null && ActivityContext.TryParse(traceparent, null, out var context) ? context.TraceId : null;

    static string? InstanceOf(Activity span) => span.GetTagItem("durabletask.task.instance_id") as string;

    [Fact]
    public async Task Checkout_saga_spans_and_its_fulfilment_messages_continue_the_trace_of_the_checkout_request()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var (orderId, _, _) = await CheckoutAsync(Traceparent(traceId));

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

        // The Durable Task gRPC transport calls are left out: the SDK's spans say what they do.
        Assert.DoesNotContain(host.Spans.InTrace(traceId), s => s.TagObjects.Any(t => t.Value is string text && text.Contains("TaskHubSidecarService", StringComparison.Ordinal)));

        var sagaSpans = host.Spans.Where(s => InstanceOf(s) is { } instance && instance.StartsWith(orderId, StringComparison.Ordinal)).ToList();
        Assert.All(sagaSpans, s => Assert.Equal(traceId, s.TraceId));

        var requests = host.Sent.SentTo(WarehouseQueues.FulfilmentRequests).Select(m => JsonDocument.Parse(m).RootElement)
            .Where(r => r.GetProperty("orderId").GetString() == orderId).ToList();
        Assert.Equal(2, requests.Count);
        Assert.All(requests, r => Assert.Equal(traceId, TraceIdOf(r.TryGetProperty("traceparent", out var tp) ? tp.GetString() : null)));

        // The purchase event joins the clickstream with the checkout's trace context: the batch that takes it in links to it.
        await Eventually.UntilAsync(
            () => host.Spans.Any(s => s.DisplayName == "clickstream batch" && s.Links.Any(link => link.Context.TraceId == traceId)),
            TimeSpan.FromSeconds(30),
            because: "the clickstream batch holding the purchase event to link to the checkout's trace",
            cancellationToken: TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_warehouse_shipment_confirmation_links_back_to_the_trace_of_the_checkout_that_placed_the_order()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var (orderId, _, _) = await CheckoutAsync(Traceparent(traceId));

        // The warehouse echoes nothing: the link comes from the trace context stored with the order.
        await host.Broker.SendAsync(WarehouseQueues.ShipmentConfirmations, WarehouseMessageParser.Format(new ShipmentConfirmationMessage("ship-" + orderId, "wh-east", orderId, ShipmentStatus.Shipped, "T-1")), TestContext.Current.CancellationToken);

        Activity? answer = null;
        await Eventually.UntilAsync(
            () => (answer = host.Spans.FirstOrDefault(s => s.DisplayName == "warehouse ShipmentConfirmed" && Equals(s.GetTagItem("commerce.order_id"), orderId))) is not null,
            OrdersHost.Deadline,
            because: "the shipment confirmation's span to be exported",
            cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(answer!.Links, link => link.Context.TraceId == traceId);
        Assert.Equal("wh-east", answer.GetTagItem("commerce.warehouse_id"));
    }

    [Fact]
    public async Task The_saga_span_names_the_order_and_its_outcome_and_a_failed_one_its_failure_code_and_the_compensations_that_ran()
    {
        var placedTrace = ActivityTraceId.CreateRandom();
        var (placedId, _, _) = await CheckoutAsync(Traceparent(placedTrace));
        var placed = await SagaSpanAsync(placedTrace);
        Assert.Equal(placedId, placed.GetTagItem("commerce.order_id"));
        Assert.Equal("completed", placed.GetTagItem("commerce.checkout.outcome"));
        Assert.Null(placed.GetTagItem("commerce.checkout.failure_code"));
        string[] orderSteps = ["activity:ReserveCart", "activity:AuthorizePayment", "activity:CommitShipment", "activity:CreateOrder", "orchestration:AllocationSaga"];
        var steps = host.Spans.InTrace(placedTrace).Where(s => orderSteps.Contains(s.DisplayName) && s.Kind == ActivityKind.Server).ToList();
        Assert.Equal(orderSteps.Order(), steps.Select(s => s.DisplayName).Distinct().Order());
        Assert.All(steps, step => Assert.Equal(placedId, step.GetTagItem("commerce.order_id")));

        var declinedTrace = ActivityTraceId.CreateRandom();
        var (declinedId, _, _) = await CheckoutAsync(Traceparent(declinedTrace), paymentToken: SimulatedPaymentGateway.Decline, outcome: "failed");
        var declined = await SagaSpanAsync(declinedTrace);
        Assert.Equal(declinedId, declined.GetTagItem("commerce.order_id"));
        Assert.Equal("failed", declined.GetTagItem("commerce.checkout.outcome"));
        Assert.Equal(CheckoutFailureCodes.PaymentDeclined, declined.GetTagItem("commerce.checkout.failure_code"));
        Assert.Equal(["release reservations", "release the cart claim and leave the in-flight register"], (string[])declined.GetTagItem("commerce.checkout.compensations")!);
        var release = Assert.Single(host.Spans.InTrace(declinedTrace), s => s.DisplayName == "activity:ReleaseStock" && s.Kind == ActivityKind.Server);
        Assert.Equal("reservations", release.GetTagItem("commerce.checkout.compensations"));
    }

    [Fact]
    public async Task No_span_attribute_span_name_or_log_carries_the_checkout_tokens_email_or_address()
    {
        var unique = Guid.NewGuid().ToString("N");
        var email = $"shopper-{unique}@example.com";
        var line1 = $"{unique[..10]} Tracer Lane";
        var traceId = ActivityTraceId.CreateRandom();
        var (orderId, orderToken, cartToken) = await CheckoutAsync(Traceparent(traceId), email, line1);
        using (var read = new HttpRequestMessage(HttpMethod.Get, $"/api/orders/{orderId}"))
        {
            read.Headers.Add(OrderAccess.TokenHeader, orderToken);
            using var response = await http.SendAsync(read, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await SagaSpanAsync(traceId);
        string[] secrets = [email, line1, cartToken, orderToken, SimulatedPaymentGateway.Approve];
        var spanTexts = host.Spans.SelectMany(s => new[] { s.DisplayName, s.StatusDescription }
            .Concat(s.TagObjects.Select(t => Text(t.Value)))
            .Concat(s.Events.SelectMany(e => e.Tags.Select(t => Text(t.Value)).Append(e.Name)))).ToList();
        Assert.Contains(spanTexts, text => text == orderId); // the scan sees this checkout's spans and logs
        Assert.Contains(host.Logs.Texts, text => text.Contains(orderId, StringComparison.Ordinal));
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(spanTexts, text => text?.Contains(secret, StringComparison.OrdinalIgnoreCase) == true);
            Assert.DoesNotContain(host.Logs.Texts, text => text.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    static string? Text(object? value) => value switch
    {
        null => null,
        string text => text,
        IEnumerable values => string.Join(" ", values.Cast<object?>()),
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>A checkout that waited in the flash-sale lane still continues its request's trace, and the business metrics see it.</summary>
public sealed class QueuedCheckoutTracingTests(TracedFlashSaleHost host) : IClassFixture<TracedFlashSaleHost>
{
    readonly HttpClient http = host.CreateShopperClient();

    [Fact]
    public async Task A_checkout_started_from_the_lane_continues_its_request_trace_and_the_funnel_metrics_count_it()
    {
        using var metrics = new RecordedMeasurements(CommerceMetrics.MeterName);

        // The backlog of one is held by a saga waiting for a payment action that never comes (it times out and fails).
        var holder = await CheckoutTracingTests.PostCheckoutAsync(host, http, CheckoutTracingTests.Traceparent(ActivityTraceId.CreateRandom()), SimulatedPaymentGateway.RequiresAction);
        await OrdersHost.WaitForOrderAsync(http, holder.GetProperty("orderId").GetString()!, o => o.TryGetProperty("stage", out var stage) && stage.GetString() == "awaiting_payment_action");
        var traceId = ActivityTraceId.CreateRandom();
        var queued = await CheckoutTracingTests.PostCheckoutAsync(host, http, CheckoutTracingTests.Traceparent(traceId), SimulatedPaymentGateway.Approve);
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        var orderId = queued.GetProperty("orderId").GetString()!;
        Assert.Equal("fulfilling", (await OrdersHost.WaitForOutcomeAsync(http, orderId)).GetProperty("status").GetString());

        await Eventually.UntilAsync(
            () => host.Spans.InTrace(traceId).Any(s => s.DisplayName == "orchestration:CheckoutSaga"),
            TimeSpan.FromSeconds(30),
            because: "the saga started by the lane's drain to continue the queued request's trace",
            cancellationToken: TestContext.Current.CancellationToken);
        var resumed = Assert.Single(host.Spans.InTrace(traceId), s => s.DisplayName == "checkout resume");
        Assert.Equal(orderId, resumed.GetTagItem(CommerceMetrics.Tags.OrderId));

        Assert.Contains(metrics.Of("commerce.checkouts.started"), m => Equals(m.Tag(CommerceMetrics.Tags.Admission), "queued"));
        Assert.Contains(metrics.Of("commerce.checkout.lane.depth"), m => m.Value == 1);
        Assert.Contains(metrics.Of("commerce.checkout.lane.depth"), m => m.Value == -1);
        await Eventually.UntilAsync(
            () => metrics.Of("commerce.checkouts.failed").Any(m => Equals(m.Tag(CommerceMetrics.Tags.FailureCode), CheckoutFailureCodes.PaymentActionTimedOut))
                && metrics.Of("commerce.checkouts.completed").Any()
                && metrics.Of("commerce.checkout.saga.duration").Any(m => Equals(m.Tag(CommerceMetrics.Tags.Outcome), "completed") && m.Value > 0),
            OrdersHost.Deadline,
            because: "the sagas' ends to be counted by outcome and failure code",
            cancellationToken: TestContext.Current.CancellationToken);
    }
}

/// <summary>Measurements of one meter's instruments, as recorded (a <see cref="MeterListener"/>).</summary>
public sealed class RecordedMeasurements : IDisposable
{
    readonly MeterListener listener = new();
    readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> measurements = new();

    public sealed record Measurement(double Value, KeyValuePair<string, object?>[] Tags)
    {
        public object? Tag(string name) => Tags.FirstOrDefault(t => t.Key == name).Value;
    }

    public RecordedMeasurements(string meterName)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        listener.Start();
    }

    public IReadOnlyList<Measurement> Of(string instrument) => [.. measurements.Where(m => m.Instrument == instrument).Select(m => new Measurement(m.Value, m.Tags))];

    public void Dispose() => listener.Dispose();
}
