using Commerce.Contracts;
using Commerce.Documents.Sqlite;
using Commerce.Orders.Domain;

namespace Commerce.Orders.UnitTests;

/// <summary>
/// Cancel (restock + refund) and a return (refund) with the process dying before each of their writes in turn: the
/// retry ends consistent every time — stock put back once, one refund, nothing left pending.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    static readonly Money Total = Money.Of(3500, "USD");

    readonly string dataPath = Path.Combine(Path.GetTempPath(), "commerce-crash-tests", Guid.NewGuid().ToString("N"));
    readonly SqliteDocumentStore sqlite;
    readonly CrashingDocumentStore store;
    readonly SimulatedPaymentGateway payments = new();
    readonly RecordingQueueSender queues = new();
    readonly InventoryService inventory;
    readonly OrderService orders;

    public CrashRecoveryTests()
    {
        sqlite = new SqliteDocumentStore(dataPath);
        store = new CrashingDocumentStore(sqlite);
        inventory = new InventoryService(store, TimeProvider.System);
        orders = new OrderService(store, inventory, payments, queues, new OrderHistory(store), TimeProvider.System);
    }

    public void Dispose()
    {
        sqlite.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(dataPath, recursive: true);
    }

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An order of 2 × a from east and 1 × a + 3 × b from west, paid (captured), stock already shipped out of on-hand.</summary>
    async Task<(string OrderId, string SkuA, string SkuB)> PlaceAsync(OrderStatus status)
    {
        var orderId = "ord_" + Guid.NewGuid().ToString("N");
        string a = "a-" + orderId, b = "b-" + orderId;
        await inventory.SeedAsync(a, [("east", 10), ("west", 10)], Ct);
        await inventory.SeedAsync(b, [("west", 10)], Ct);
        var auth = await payments.AuthorizeAsync(orderId, SimulatedPaymentGateway.Approve, Total, Ct);
        await payments.CaptureAsync(auth.AuthorizationId, Ct);
        await orders.CreateAsync(new Order
        {
            Id = orderId,
            Status = status,
            CartId = "cart",
            Email = "a@b.c",
            Currency = "USD",
            Lines = [new OrderLine(a, 3, Money.Of(500, "USD"), Money.Of(1500, "USD")), new OrderLine(b, 3, Money.Of(500, "USD"), Money.Of(1500, "USD"))],
            Totals = new OrderTotals(Money.Zero("USD"), Money.Zero("USD"), Money.Of(500, "USD"), Total),
            ShippingAddress = new ShippingAddress("n", "l", null, "c", null, "p", "US"),
            Shipments =
            [
                new OrderShipment("east", [new AllocatedItem(a, 2)], ShipmentStatus.Requested),
                new OrderShipment("west", [new AllocatedItem(a, 1), new AllocatedItem(b, 3)], ShipmentStatus.Requested),
            ],
            Payment = new OrderPayment(auth.AuthorizationId, PaymentState.Captured, Total),
            Timeline = [],
        }, Ct);
        return (orderId, a, b);
    }

    async Task<long> OnHandAsync(string sku, string warehouse) => (await inventory.GetAsync(sku, Ct))!.Warehouses.Single(w => w.WarehouseId == warehouse).OnHand;

    /// <summary>Every unit of the order back on hand once, one refund of the grand total, nothing left pending.</summary>
    async Task AssertCancelledOnceAsync(string orderId, string a, string b, string because)
    {
        Assert.True(await OnHandAsync(a, "east") == 12, because);
        Assert.True(await OnHandAsync(a, "west") == 11, because);
        Assert.True(await OnHandAsync(b, "west") == 13, because);
        var auth = SimulatedPaymentGateway.AuthorizationIdFor(orderId);
        Assert.Equal(["cancel:" + orderId], payments.RefundsOf(auth));
        Assert.Equal(PaymentState.Refunded, (await payments.GetAsync(auth, Ct))!.State);
        var order = (await orders.GetAsync(orderId, Ct))!;
        Assert.Equal(OrderStatus.Cancelled, order.Status);
        Assert.Empty(order.PendingSteps);
        Assert.Equal(PaymentState.Refunded, order.Payment.State);
    }

    [Fact]
    public async Task A_cancel_that_crashes_before_any_of_its_writes_completes_on_retry_with_stock_back_once_and_one_refund()
    {
        // Before fulfilment was requested a cancel is immediate. A clean cancel counts the writes there are to crash before.
        var (probe, _, _) = await PlaceAsync(OrderStatus.Allocated);
        var before = store.Writes;
        Assert.Equal(CancelOutcome.Cancelled, await orders.CancelAsync(probe, Ct));
        var cancelWrites = store.Writes - before;
        Assert.True(cancelWrites >= 5, $"a cancel makes {cancelWrites} writes");

        for (var crashAt = 0; crashAt < cancelWrites; crashAt++)
        {
            var (orderId, a, b) = await PlaceAsync(OrderStatus.Allocated);
            store.WritesBeforeCrash = store.Writes + crashAt;
            await Assert.ThrowsAsync<SimulatedCrashException>(() => orders.CancelAsync(orderId, Ct));
            store.WritesBeforeCrash = null;

            var retried = await orders.CancelAsync(orderId, Ct);
            Assert.True(retried is CancelOutcome.Cancelled or CancelOutcome.AlreadyCancelled, $"crash before write {crashAt + 1}: {retried}");
            Assert.Equal(CancelOutcome.AlreadyCancelled, await orders.CancelAsync(orderId, Ct));

            await AssertCancelledOnceAsync(orderId, a, b, $"crash before write {crashAt + 1} of {cancelWrites}");
            Assert.DoesNotContain(queues.SentTo(WarehouseQueues.FulfilmentCancellations), m => m.Contains(orderId, StringComparison.Ordinal));
        }
    }

    List<FulfilmentCancellationRequest> CancellationsSentFor(string orderId)
        => [.. queues.SentTo(WarehouseQueues.FulfilmentCancellations).Select(m => System.Text.Json.JsonSerializer.Deserialize<FulfilmentCancellationRequest>(m, Commerce.ServiceDefaults.CommerceJson.Options)!).Where(r => r.OrderId == orderId)];

    [Fact]
    public async Task Cancelling_a_fulfilling_order_asks_every_warehouse_and_refunds_and_restocks_nothing_until_all_confirm()
    {
        var (orderId, a, b) = await PlaceAsync(OrderStatus.Fulfilling);

        Assert.Equal(CancelOutcome.CancelRequested, await orders.CancelAsync(orderId, Ct));
        Assert.Equal(CancelOutcome.CancelRequested, await orders.CancelAsync(orderId, Ct));
        await orders.ApplyCancellationAnswerAsync(orderId, "east", FulfilmentCancellationOutcome.Cancelled, "c-east", Ct);

        Assert.Equal(["east", "west"], CancellationsSentFor(orderId).Select(r => r.WarehouseId).Order());
        var order = (await orders.GetAsync(orderId, Ct))!;
        Assert.Equal(OrderStatus.Fulfilling, order.Status);
        Assert.Equal(["east"], order.Cancellation!.ConfirmedBy);
        Assert.Empty(payments.RefundsOf(SimulatedPaymentGateway.AuthorizationIdFor(orderId)));
        Assert.Equal((10, 10, 10), (await OnHandAsync(a, "east"), await OnHandAsync(a, "west"), await OnHandAsync(b, "west")));
    }

    [Fact]
    public async Task A_cancellation_confirmation_that_crashes_before_any_of_its_writes_refunds_and_restocks_once_when_redelivered()
    {
        async Task<(string OrderId, string A, string B)> AwaitingWestAsync()
        {
            var placed = await PlaceAsync(OrderStatus.Fulfilling);
            Assert.Equal(CancelOutcome.CancelRequested, await orders.CancelAsync(placed.OrderId, Ct));
            await orders.ApplyCancellationAnswerAsync(placed.OrderId, "east", FulfilmentCancellationOutcome.Cancelled, "c-east", Ct);
            return placed;
        }

        var (probe, _, _) = await AwaitingWestAsync();
        var before = store.Writes;
        await orders.ApplyCancellationAnswerAsync(probe, "west", FulfilmentCancellationOutcome.Cancelled, "c-west", Ct);
        var confirmWrites = store.Writes - before;
        Assert.True(confirmWrites >= 4, $"the last confirmation makes {confirmWrites} writes");

        for (var crashAt = 0; crashAt < confirmWrites; crashAt++)
        {
            var (orderId, a, b) = await AwaitingWestAsync();
            store.WritesBeforeCrash = store.Writes + crashAt;
            await Assert.ThrowsAsync<SimulatedCrashException>(() => orders.ApplyCancellationAnswerAsync(orderId, "west", FulfilmentCancellationOutcome.Cancelled, "c-west", Ct));
            store.WritesBeforeCrash = null;

            // The queue redelivers the message, then a duplicate arrives too.
            await orders.ApplyCancellationAnswerAsync(orderId, "west", FulfilmentCancellationOutcome.Cancelled, "c-west", Ct);
            await orders.ApplyCancellationAnswerAsync(orderId, "west", FulfilmentCancellationOutcome.Cancelled, "c-west", Ct);

            await AssertCancelledOnceAsync(orderId, a, b, $"crash before write {crashAt + 1} of {confirmWrites}");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_warehouse_that_already_shipped_refuses_the_cancel_and_a_warehouse_that_stopped_is_asked_to_ship_after_all(bool shippedAnswerFirst)
    {
        var (orderId, a, _) = await PlaceAsync(OrderStatus.Fulfilling);
        Assert.Equal(CancelOutcome.CancelRequested, await orders.CancelAsync(orderId, Ct));

        (string Warehouse, FulfilmentCancellationOutcome Outcome, string MessageId)[] answers =
            [("west", FulfilmentCancellationOutcome.AlreadyShipped, "c-west"), ("east", FulfilmentCancellationOutcome.Cancelled, "c-east")];
        foreach (var (warehouse, outcome, messageId) in shippedAnswerFirst ? answers : answers.Reverse())
        {
            await orders.ApplyCancellationAnswerAsync(orderId, warehouse, outcome, messageId, Ct);
            await orders.ApplyCancellationAnswerAsync(orderId, warehouse, outcome, messageId, Ct);
        }

        var again = queues.SentTo(WarehouseQueues.FulfilmentRequests).Select(m => System.Text.Json.JsonSerializer.Deserialize<FulfilmentRequest>(m, Commerce.ServiceDefaults.CommerceJson.Options)!).Where(r => r.OrderId == orderId);
        Assert.Equal(["east"], again.Select(r => r.WarehouseId));

        var order = (await orders.GetAsync(orderId, Ct))!;
        Assert.Equal("west", order.Cancellation!.RefusedBy);
        Assert.Equal(OrderStatus.Fulfilling, order.Status);
        Assert.Equal(CancelOutcome.TooLate, await orders.CancelAsync(orderId, Ct));
        Assert.Empty(payments.RefundsOf(SimulatedPaymentGateway.AuthorizationIdFor(orderId)));
        Assert.Equal(10, await OnHandAsync(a, "east"));
    }

    [Fact]
    public async Task A_cancellation_answer_for_an_order_nobody_asked_to_cancel_is_malformed()
    {
        var (orderId, _, _) = await PlaceAsync(OrderStatus.Fulfilling);

        await Assert.ThrowsAsync<MalformedWarehouseMessageException>(() => orders.ApplyCancellationAnswerAsync(orderId, "east", FulfilmentCancellationOutcome.Cancelled, "c-1", Ct));

        Assert.Empty((await orders.GetAsync(orderId, Ct))!.ProcessedMessages);
    }

    [Fact]
    public async Task A_return_that_crashes_before_any_of_its_writes_refunds_exactly_once_when_redelivered()
    {
        var (probe, probeA, _) = await PlaceAsync(OrderStatus.Shipped);
        var before = store.Writes;
        await orders.ReceiveReturnAsync(probe, "east", [new AllocatedItem(probeA, 2)], "m-probe", Ct);
        var returnWrites = store.Writes - before;
        Assert.True(returnWrites >= 2, $"a return makes {returnWrites} writes");

        for (var crashAt = 0; crashAt < returnWrites; crashAt++)
        {
            var (orderId, a, _) = await PlaceAsync(OrderStatus.Shipped);
            store.WritesBeforeCrash = store.Writes + crashAt;
            await Assert.ThrowsAsync<SimulatedCrashException>(() => orders.ReceiveReturnAsync(orderId, "east", [new AllocatedItem(a, 2)], "m-1", Ct));
            store.WritesBeforeCrash = null;

            // The queue redelivers the message, then a duplicate arrives too.
            await orders.ReceiveReturnAsync(orderId, "east", [new AllocatedItem(a, 2)], "m-1", Ct);
            await orders.ReceiveReturnAsync(orderId, "east", [new AllocatedItem(a, 2)], "m-1", Ct);

            var auth = SimulatedPaymentGateway.AuthorizationIdFor(orderId);
            Assert.Equal(["return:m-1"], payments.RefundsOf(auth));
            Assert.Equal(Money.Of(1000, "USD"), (await payments.GetAsync(auth, Ct))!.Refunded);
            var order = (await orders.GetAsync(orderId, Ct))!;
            Assert.Empty(order.PendingSteps);
            Assert.Equal(["m-1"], order.ProcessedMessages);
        }
    }

    [Fact]
    public async Task Returning_everything_refunds_the_grand_total_once_and_marks_the_order_refunded()
    {
        var (orderId, a, b) = await PlaceAsync(OrderStatus.Delivered);

        await orders.ReceiveReturnAsync(orderId, "west", [new AllocatedItem(a, 3), new AllocatedItem(b, 3)], "m-all", Ct);

        var auth = SimulatedPaymentGateway.AuthorizationIdFor(orderId);
        Assert.Equal(Total, (await payments.GetAsync(auth, Ct))!.Refunded);
        var order = (await orders.GetAsync(orderId, Ct))!;
        Assert.Equal(OrderStatus.Refunded, order.Status);
        Assert.Equal(PaymentState.Refunded, order.Payment.State);
    }

    [Fact]
    public async Task A_return_for_an_order_that_has_not_shipped_changes_nothing_and_refunds_nothing()
    {
        var (orderId, a, _) = await PlaceAsync(OrderStatus.Fulfilling);

        await Assert.ThrowsAsync<InvalidOrderTransitionException>(() => orders.ReceiveReturnAsync(orderId, "east", [new AllocatedItem(a, 1)], "m-early", Ct));

        Assert.Empty(payments.RefundsOf(SimulatedPaymentGateway.AuthorizationIdFor(orderId)));
        Assert.Empty((await orders.GetAsync(orderId, Ct))!.ProcessedMessages);
    }
}
