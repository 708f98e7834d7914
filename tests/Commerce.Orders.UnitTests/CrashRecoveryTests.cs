using System.Text.Json;
using Commerce.Contracts;
using Commerce.Documents;
using Commerce.Documents.Sqlite;
using Commerce.Orders.Domain;
using Commerce.Primitives;

namespace Commerce.Orders.UnitTests;

/// <summary>
/// Orders after they stand, against a real store: cancel (restock + refund), returns (refund + restock) and shipments,
/// with the process dying before each of their writes in turn: the retry ends consistent every time — stock moved once,
/// one refund per return, never more refunded than captured, nothing left pending.
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

    /// <summary>An order of 2 × a from east and 1 × a + 3 × b from west, paid (captured), its units committed as the checkout commits them.</summary>
    async Task<(string OrderId, string SkuA, string SkuB)> PlaceAsync(OrderStatus status)
    {
        var orderId = "ord_" + Guid.NewGuid().ToString("N");
        string a = "a-" + orderId, b = "b-" + orderId;
        await inventory.SeedAsync(a, [("east", 10), ("west", 10)], Ct);
        await inventory.SeedAsync(b, [("west", 10)], Ct);
        await CommitAsync(orderId, a, new() { ["east"] = 2, ["west"] = 1 });
        await CommitAsync(orderId, b, new() { ["west"] = 3 });
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

    Task CommitAsync(string orderId, string sku, Dictionary<string, int> quantities)
    {
        var now = DateTimeOffset.UtcNow;
        return store.Container<StockDocument>(InventoryService.Container).UpdateAsync(sku, sku, doc =>
            quantities.Keys.Aggregate(InventoryRules.Reserve(doc!, orderId, quantities, now.AddMinutes(15), now), (d, warehouse) => InventoryRules.Commit(d, orderId, warehouse, now)), cancellationToken: Ct);
    }

    async Task<long> OnHandAsync(string sku, string warehouse) => (await inventory.GetAsync(sku, Ct))!.Warehouses.Single(w => w.WarehouseId == warehouse).OnHand;

    /// <summary>Every unit of the order back on hand once, one refund of the grand total, nothing left pending.</summary>
    async Task AssertCancelledOnceAsync(string orderId, string a, string b, string because)
    {
        Assert.True(await OnHandAsync(a, "east") == 10, because);
        Assert.True(await OnHandAsync(a, "west") == 10, because);
        Assert.True(await OnHandAsync(b, "west") == 10, because);
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
        => [.. queues.SentTo(WarehouseQueues.FulfilmentCancellations).Select(m => System.Text.Json.JsonSerializer.Deserialize<FulfilmentCancellationRequest>(m, CommerceJson.Options)!).Where(r => r.OrderId == orderId)];

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
        Assert.Equal((8, 9, 7), (await OnHandAsync(a, "east"), await OnHandAsync(a, "west"), await OnHandAsync(b, "west"))); // still committed to the order
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

        var again = queues.SentTo(WarehouseQueues.FulfilmentRequests).Select(m => System.Text.Json.JsonSerializer.Deserialize<FulfilmentRequest>(m, CommerceJson.Options)!).Where(r => r.OrderId == orderId);
        Assert.Equal(["east"], again.Select(r => r.WarehouseId));

        var order = (await orders.GetAsync(orderId, Ct))!;
        Assert.Equal("west", order.Cancellation!.RefusedBy);
        Assert.Equal(OrderStatus.Fulfilling, order.Status);
        Assert.Equal(CancelOutcome.TooLate, await orders.CancelAsync(orderId, Ct));
        Assert.Empty(payments.RefundsOf(SimulatedPaymentGateway.AuthorizationIdFor(orderId)));
        Assert.Equal(8, await OnHandAsync(a, "east")); // still committed: the order ships
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
            var eastBefore = await OnHandAsync(a, "east");
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
            Assert.True(await OnHandAsync(a, "east") == eastBefore + 2, $"crash before write {crashAt + 1} of {returnWrites}: the 2 returned units are back once");
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

    async Task<Money> RefundedAsync(string orderId) => (await payments.GetAsync(SimulatedPaymentGateway.AuthorizationIdFor(orderId), Ct))!.Refunded;

    [Fact]
    public async Task Returns_of_the_same_units_in_several_messages_refund_each_unit_once()
    {
        var (orderId, a, _) = await PlaceAsync(OrderStatus.Delivered);

        await orders.ReceiveReturnAsync(orderId, "east", [new AllocatedItem(a, 2)], "m-1", Ct);
        await orders.ReceiveReturnAsync(orderId, "east", [new AllocatedItem(a, 2)], "m-2", Ct);
        await orders.ReceiveReturnAsync(orderId, "east", [new AllocatedItem(a, 1)], "m-3", Ct);

        // 3 × a were bought at 5.00: the second message returns the last one, the third nothing.
        Assert.Equal(Money.Of(1500, "USD"), await RefundedAsync(orderId));
        var order = (await orders.GetAsync(orderId, Ct))!;
        Assert.Equal(OrderStatus.Delivered, order.Status);
        Assert.Equal([(3, Money.Of(1500, "USD")), (0, (Money?)null)], order.Lines.Select(l => (l.Returned, l.Refunded)));
        Assert.Equal(["return:m-1", "return:m-2"], payments.RefundsOf(SimulatedPaymentGateway.AuthorizationIdFor(orderId)));
        Assert.Empty(order.PendingSteps);
    }

    [Fact]
    public async Task A_return_of_more_units_than_were_bought_refunds_at_most_what_was_paid()
    {
        var (orderId, a, b) = await PlaceAsync(OrderStatus.Shipped);

        await orders.ReceiveReturnAsync(orderId, "east", [new AllocatedItem(a, 5)], "m-1", Ct);
        Assert.Equal(Money.Of(1500, "USD"), await RefundedAsync(orderId));

        await orders.ReceiveReturnAsync(orderId, "west", [new AllocatedItem(b, 4), new AllocatedItem(a, 1)], "m-2", Ct);
        Assert.Equal(Total, await RefundedAsync(orderId));
        var order = (await orders.GetAsync(orderId, Ct))!;
        Assert.Equal((OrderStatus.Refunded, PaymentState.Refunded), (order.Status, order.Payment.State));
        Assert.Equal([(3, Money.Of(1500, "USD")), (3, Money.Of(1500, "USD"))], order.Lines.Select(l => (l.Returned, l.Refunded ?? default)));
    }

    [Fact]
    public async Task A_return_puts_the_units_back_on_hand_at_the_warehouse_that_received_them_once_per_message()
    {
        var (orderId, a, _) = await PlaceAsync(OrderStatus.Shipped);
        var (east, west) = (await OnHandAsync(a, "east"), await OnHandAsync(a, "west"));

        // 2 × a shipped from east come back to west; the message arrives twice.
        await orders.ReceiveReturnAsync(orderId, "west", [new AllocatedItem(a, 2)], "m-1", Ct);
        await orders.ReceiveReturnAsync(orderId, "west", [new AllocatedItem(a, 2)], "m-1", Ct);

        Assert.Equal((east, west + 2), (await OnHandAsync(a, "east"), await OnHandAsync(a, "west")));
        Assert.Equal(Money.Of(1000, "USD"), await RefundedAsync(orderId));
    }

    [Fact]
    public async Task A_shipment_confirmation_takes_the_shipped_units_out_of_the_warehouse_level_once()
    {
        var (orderId, a, b) = await PlaceAsync(OrderStatus.Fulfilling);

        // Before shipping, the warehouses' counts still include the units the order bought.
        Assert.True(await inventory.ApplyStockLevelAsync(a, "east", 10, 1, Ct));
        Assert.True(await inventory.ApplyStockLevelAsync(b, "west", 10, 1, Ct));
        Assert.Equal((8, 7), ((await inventory.GetAsync(a, Ct))!.AvailableAt("east"), (await inventory.GetAsync(b, Ct))!.AvailableAt("west")));

        await orders.ApplyShipmentAsync(orderId, "east", ShipmentStatus.Shipped, "T-1", "s-1", Ct);
        await orders.ApplyShipmentAsync(orderId, "east", ShipmentStatus.Delivered, "T-1", "d-1", Ct);
        await orders.ApplyShipmentAsync(orderId, "west", ShipmentStatus.Delivered, "T-2", "d-2", Ct);
        Assert.Equal((8, 7), ((await inventory.GetAsync(a, Ct))!.AvailableAt("east"), (await inventory.GetAsync(b, Ct))!.AvailableAt("west")));

        // After shipping, the counts no longer include them.
        await inventory.ApplyStockLevelAsync(a, "east", 8, 2, Ct);
        await inventory.ApplyStockLevelAsync(b, "west", 7, 2, Ct);
        Assert.Equal((8, 7), ((await inventory.GetAsync(a, Ct))!.AvailableAt("east"), (await inventory.GetAsync(b, Ct))!.AvailableAt("west")));
    }

    [Fact]
    public async Task A_shipment_that_leaves_publishes_its_units_for_replenishment_once_per_warehouse_however_often_it_is_confirmed()
    {
        var (orderId, a, b) = await PlaceAsync(OrderStatus.Fulfilling);

        await orders.ApplyShipmentAsync(orderId, "west", ShipmentStatus.Shipped, "T-2", "s-2", Ct);
        await orders.ApplyShipmentAsync(orderId, "west", ShipmentStatus.Shipped, "T-2", "s-2", Ct);
        await orders.ApplyShipmentAsync(orderId, "west", ShipmentStatus.Delivered, "T-2", "d-2", Ct);

        var published = Assert.Single(queues.SentTo(ShippedUnits.Queue).Select(body => JsonSerializer.Deserialize<ShippedUnits>(body, CommerceJson.Options)!), m => m.Id.Contains(orderId, StringComparison.Ordinal));
        Assert.Equal(($"ship:{orderId}:west", "west"), (published.Id, published.WarehouseId));
        Assert.Equal([new ShippedLine(a, 1), new ShippedLine(b, 3)], published.Lines);
    }

    [Fact]
    public async Task A_shipment_confirmation_that_crashes_before_any_of_its_writes_moves_the_stock_once_when_redelivered()
    {
        var (probe, _, _) = await PlaceAsync(OrderStatus.Fulfilling);
        var before = store.Writes;
        await orders.ApplyShipmentAsync(probe, "west", ShipmentStatus.Shipped, "T", "s-probe", Ct);
        var shipWrites = store.Writes - before;

        for (var crashAt = 0; crashAt < shipWrites; crashAt++)
        {
            var (orderId, a, b) = await PlaceAsync(OrderStatus.Fulfilling);
            store.WritesBeforeCrash = store.Writes + crashAt;
            await Assert.ThrowsAsync<SimulatedCrashException>(() => orders.ApplyShipmentAsync(orderId, "west", ShipmentStatus.Shipped, "T", "s-1", Ct));
            store.WritesBeforeCrash = null;

            await orders.ApplyShipmentAsync(orderId, "west", ShipmentStatus.Shipped, "T", "s-1", Ct);
            await orders.ApplyShipmentAsync(orderId, "west", ShipmentStatus.Shipped, "T", "s-1", Ct);

            var because = $"crash before write {crashAt + 1} of {shipWrites}";
            var (stockA, stockB) = ((await inventory.GetAsync(a, Ct))!.Warehouses.Single(w => w.WarehouseId == "west"), (await inventory.GetAsync(b, Ct))!.Warehouses.Single(w => w.WarehouseId == "west"));
            Assert.True((stockA.Level, stockA.Committed, stockB.Level, stockB.Committed) == (9, 0, 7, 0), $"{because}: {stockA}, {stockB}");
            Assert.Empty((await orders.GetAsync(orderId, Ct))!.PendingSteps);
        }
    }
}
