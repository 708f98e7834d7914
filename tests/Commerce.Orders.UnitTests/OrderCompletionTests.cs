using Commerce.Contracts;
using Commerce.Documents.Sqlite;
using Commerce.Orders.Checkout;
using Commerce.Orders.Domain;
using Microsoft.Extensions.Logging.Abstractions;

namespace Commerce.Orders.UnitTests;

/// <summary>Completing a standing order (the application layer's <see cref="OrderCompletion"/>): every part runs, and the checkout leaves the in-flight register only when all did.</summary>
public sealed class OrderCompletionTests : IDisposable
{
    readonly string dataPath = Path.Combine(Path.GetTempPath(), "commerce-completion-tests", Guid.NewGuid().ToString("N"));
    readonly SqliteDocumentStore store;
    readonly InMemoryCheckoutCarts carts = new();
    readonly CheckoutsInFlight inFlight;
    readonly OrderCompletion completion;

    public OrderCompletionTests()
    {
        store = new SqliteDocumentStore(dataPath);
        inFlight = new CheckoutsInFlight(store);
        var inventory = new InventoryService(store, TimeProvider.System);
        var orders = new OrderService(store, inventory, new SimulatedPaymentGateway(), new RecordingQueueSender(), new OrderHistory(store), TimeProvider.System);
        completion = new OrderCompletion(carts, inventory, orders, inFlight, NullLogger<OrderCompletion>.Instance);
    }

    public void Dispose()
    {
        store.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataPath, recursive: true);
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failed_part_leaves_the_others_done_and_the_checkout_in_flight_for_the_retry()
    {
        const string OrderId = "ord_0123456789abcdef0123456789abcdef";
        carts.Put("tok", new PricedCheckoutCart("cart-1", "USD", [], Money.Zero("USD"), Money.Zero("USD"), Money.Zero("USD"), Money.Zero("USD"), [], null));
        await inFlight.AddAsync(new QueuedCheckout(OrderId, new CheckoutRequest("cart-1", null, "a@b.c", null, "tok_approve"), DateTimeOffset.UnixEpoch), Ct);
        var input = new CompleteOrderInput(OrderId, "cart-1", [], null, [], new ShippingAddress("n", "l", null, "c", null, "p", "US"));

        // No order document: requesting fulfilment fails; the cart is still handed back to its context.
        var failures = await completion.TryCompleteAsync(input, Ct);

        Assert.Contains(failures, f => f.StartsWith("request fulfilment failed", StringComparison.Ordinal));
        Assert.False(carts.Contains("cart-1"));
        Assert.Equal(1, await inFlight.CountAsync(10, Ct));
        await Assert.ThrowsAsync<OrderCompletionFailedException>(() => completion.CompleteAsync(input, Ct));
        Assert.Equal(1, await inFlight.CountAsync(10, Ct));
    }
}
