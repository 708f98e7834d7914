using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Orders.Checkout;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Commerce.Orders.Domain;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Orders.IntegrationTests;

/// <summary>The dev host whose durable engine can be made to refuse new orchestrations (as an unreachable task hub would).</summary>
public sealed class FlakyEngineHost : OrdersHost
{
    public FlakyDurableClient Engine => Services.GetRequiredService<FlakyDurableClient>();

    public CheckoutGate Gate => Services.GetRequiredService<CheckoutGate>();

    public CheckoutSweep Sweep => Services.GetRequiredService<CheckoutSweep>();

    protected override void ConfigureServices(IServiceCollection services)
    {
        var engine = services.Last(d => d.ServiceType == typeof(DurableTaskClient));
        services.AddSingleton(sp => new FlakyDurableClient((DurableTaskClient)(engine.ImplementationFactory?.Invoke(sp) ?? engine.ImplementationInstance!)));
        services.Add(ServiceDescriptor.Singleton<DurableTaskClient>(sp => sp.GetRequiredService<FlakyDurableClient>()));
    }
}

/// <summary>
/// Starting a checkout saga: a saga that ran is never run again for the same order, an engine that cannot take the saga
/// is a 503 (the checkout is kept and started later), never a 202 with nothing behind it.
/// </summary>
public sealed class SagaStartTests(FlakyEngineHost host) : IClassFixture<FlakyEngineHost>
{
    readonly HttpClient http = host.CreateShopperClient();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_finished_checkout_saga_is_never_started_again_by_a_second_drain()
    {
        var sku = "again-" + Guid.NewGuid().ToString("N")[..8];
        await host.SeedAsync(sku, ("wh-east", 5));
        var (cartId, token) = host.PutCart((sku, 1));
        var key = Guid.NewGuid().ToString();
        using var accepted = await OrdersHost.CheckoutAsync(http, key, OrdersHost.Body(cartId, token));
        var orderId = (await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("orderId").GetString()!;
        Assert.Equal("fulfilling", (await OrdersHost.WaitForOutcomeAsync(http, orderId)).GetProperty("status").GetString());

        // The order stands before its saga's last episode ends: the saga is finished once the engine says so.
        OrchestrationMetadata? before = null;
        await Commerce.Testing.Eventually.UntilAsync(async () => (before = await host.Engine.GetInstanceAsync(orderId, Ct))?.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
            OrdersHost.Deadline, because: "the checkout saga to finish", cancellationToken: Ct);

        // A second instance draining the lane (or the orphan path) starts the same order again.
        var request = JsonSerializer.Deserialize<CheckoutRequest>(JsonSerializer.Serialize(OrdersHost.Body(cartId, token), CommerceJson.Options), CommerceJson.Options)!;
        await host.Gate.StartAsync(host.Engine, new QueuedCheckout(orderId, request, host.Clock.GetUtcNow()), Ct);

        var after = (await host.Engine.GetInstanceAsync(orderId, Ct))!;
        Assert.Equal(before!.CreatedAt, after.CreatedAt);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, after.RuntimeStatus);
        Assert.Equal(1, host.Payments.AuthorizeAttempts(orderId));
        Assert.Equal(4, (await host.StockAsync(sku)).OnHand);
    }

    [Fact]
    public async Task Admitting_checkouts_never_lists_the_engines_instances_whatever_the_history()
    {
        var sku = "scan-" + Guid.NewGuid().ToString("N")[..8];
        await host.SeedAsync(sku, ("wh-east", 50));
        var before = host.Engine.Listings;

        var orderIds = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.StartCheckoutAsync(http, SimulatedPaymentGateway.Approve, (sku, 1))));
        await Task.WhenAll(orderIds.Select(id => OrdersHost.WaitForOutcomeAsync(http, id)));

        Assert.Equal(before, host.Engine.Listings);
        Assert.Equal(30, (await host.StockAsync(sku)).OnHand);
    }

    [Fact]
    public async Task A_checkout_the_engine_cannot_take_is_503_with_retry_after_and_the_same_request_later_places_the_order()
    {
        var sku = "down-" + Guid.NewGuid().ToString("N")[..8];
        await host.SeedAsync(sku, ("wh-east", 5));
        var (cartId, token) = host.PutCart((sku, 1));
        var key = Guid.NewGuid().ToString();

        using (host.Engine.Down())
        {
            using var refused = await OrdersHost.CheckoutAsync(http, key, OrdersHost.Body(cartId, token));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        using var retried = await OrdersHost.CheckoutAsync(http, key, OrdersHost.Body(cartId, token));
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        var orderId = (await retried.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("orderId").GetString()!;
        Assert.Equal("fulfilling", (await OrdersHost.WaitForOutcomeAsync(http, orderId)).GetProperty("status").GetString());
        Assert.Equal(4, (await host.StockAsync(sku)).OnHand);
    }

    [Fact]
    public async Task A_checkout_the_engine_could_not_take_is_started_by_the_sweep_when_the_client_never_retries()
    {
        var sku = "swept-" + Guid.NewGuid().ToString("N")[..8];
        await host.SeedAsync(sku, ("wh-east", 5));
        var (cartId, token) = host.PutCart((sku, 2));
        var key = Guid.NewGuid().ToString();
        using (host.Engine.Down())
        {
            using var refused = await OrdersHost.CheckoutAsync(http, key, OrdersHost.Body(cartId, token));
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }

        var orderId = await host.OrderIdOfKeyAsync(key);
        Assert.NotNull(orderId);
        Assert.Null(await host.Engine.GetInstanceAsync(orderId, Ct));
        await host.Sweep.SweepAsync(host.Engine, TimeSpan.Zero, Ct);

        using var admin = await host.CreateAdminClientAsync(); // the shopper never got a 202, so holds no order token
        Assert.Equal("fulfilling", (await OrdersHost.WaitForOutcomeAsync(admin, orderId)).GetProperty("status").GetString());
        Assert.Equal(3, (await host.StockAsync(sku)).OnHand);
        Assert.Equal(1, host.Payments.AuthorizeAttempts(orderId));
    }
}

/// <summary>A <see cref="DurableTaskClient"/> that passes every call to the real one, except new orchestrations while <see cref="Down"/>.</summary>
public sealed class FlakyDurableClient(DurableTaskClient inner) : DurableTaskClient(inner.Name)
{
    volatile bool down;
    int listings;

    /// <summary>How many times anyone listed the engine's instances (a scan whose cost grows with the history).</summary>
    public int Listings => Volatile.Read(ref listings);

    /// <summary>Refuses new orchestrations (gRPC Unavailable) until the returned handle is disposed.</summary>
    public IDisposable Down()
    {
        down = true;
        return new Restore(this);
    }

    sealed class Restore(FlakyDurableClient client) : IDisposable
    {
        public void Dispose() => client.down = false;
    }

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
        => down
            ? throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "The task hub cannot be reached."))
            : inner.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation);

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
        => inner.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => inner.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
        => inner.TerminateInstanceAsync(instanceId, options, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => inner.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => inner.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => inner.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        Interlocked.Increment(ref listings);
        return inner.GetAllInstancesAsync(filter);
    }

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
        => inner.PurgeInstanceAsync(instanceId, options, cancellation);

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
        => inner.PurgeAllInstancesAsync(filter, options, cancellation);

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
