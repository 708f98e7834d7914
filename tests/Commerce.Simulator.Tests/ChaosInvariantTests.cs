using Commerce.Contracts;
using Commerce.Orders.Domain;

namespace Commerce.Simulator.Tests;

/// <summary>The invariants the chaos mix adds catch what they exist for, on fabricated end-of-run snapshots.</summary>
public sealed class ChaosInvariantTests
{
    static CheckoutSnapshot Checkout(string orderId, string cartId = "cart_1", string status = "fulfilling", string customer = "guest:a@example.com", string[]? codes = null, long captured = 1_000, long refunded = 0, string[]? shippedBy = null)
        => new(orderId, cartId, status, customer, codes ?? [], captured, refunded, shippedBy ?? []);

    [Fact]
    public void Two_orders_standing_for_one_cart_break_one_order_per_cart()
    {
        CheckoutSnapshot[] checkouts = [Checkout("ord_a"), Checkout("ord_b", status: "shipped"), Checkout("ord_c", cartId: "cart_2")];

        var violations = Invariants.CheckOneOrderPerCart(checkouts);

        Assert.Equal(["one order per cart: cart cart_1 has 2 orders (ord_a fulfilling, ord_b shipped)"], violations);
    }

    [Fact]
    public void A_cart_whose_other_checkouts_failed_keeps_one_order_per_cart()
    {
        CheckoutSnapshot[] checkouts = [Checkout("ord_a", status: "failed", captured: 0), Checkout("ord_b"), Checkout("ord_c", status: "failed", captured: 0)];

        Assert.Empty(Invariants.CheckOneOrderPerCart(checkouts));
    }

    [Fact]
    public void More_standing_orders_with_a_code_than_its_max_uses_break_the_promotion_limit()
    {
        PromotionLimit[] limits = [new("LIMIT2", MaxUses: 2, MaxUsesPerCustomer: null)];
        CheckoutSnapshot[] checkouts =
        [
            Checkout("ord_a", cartId: "c1", customer: "guest:a@example.com", codes: ["LIMIT2"]),
            Checkout("ord_b", cartId: "c2", customer: "guest:b@example.com", codes: ["limit2"]),
            Checkout("ord_c", cartId: "c3", customer: "guest:c@example.com", codes: ["LIMIT2"], status: "delivered"),
            Checkout("ord_d", cartId: "c4", customer: "guest:d@example.com", codes: ["LIMIT2"], status: "failed"),
        ];

        var violations = Invariants.CheckPromotionLimits(checkouts, limits);

        Assert.Equal(["promotion limit: LIMIT2 discounted 3 orders of 2 allowed"], violations);
    }

    [Fact]
    public void A_guest_using_a_once_per_customer_code_under_differently_written_emails_breaks_the_limit()
    {
        PromotionLimit[] limits = [new("WELCOME15", MaxUses: null, MaxUsesPerCustomer: 1)];
        CheckoutSnapshot[] checkouts =
        [
            Checkout("ord_a", cartId: "c1", customer: CheckoutSnapshot.CustomerKey(null, "Rush.Guest@Example.com"), codes: ["WELCOME15"]),
            Checkout("ord_b", cartId: "c2", customer: CheckoutSnapshot.CustomerKey(null, "  rush.guest@example.com "), codes: ["WELCOME15"]),
            Checkout("ord_c", cartId: "c3", customer: CheckoutSnapshot.CustomerKey(null, "other@example.com"), codes: ["WELCOME15"]),
            Checkout("ord_d", cartId: "c4", customer: CheckoutSnapshot.CustomerKey("cust-1", "rush.guest@example.com"), codes: ["WELCOME15"]),
        ];

        var violations = Invariants.CheckPromotionLimits(checkouts, limits);

        Assert.Equal(["promotion limit: WELCOME15 discounted 2 orders of guest:rush.guest@example.com, 1 allowed per customer"], violations);
    }

    [Fact]
    public void Codes_within_their_limits_and_codes_without_limits_pass()
    {
        PromotionLimit[] limits = [new("LIMIT2", 2, 1), new("SAVE10", null, null)];
        CheckoutSnapshot[] checkouts =
        [
            Checkout("ord_a", cartId: "c1", customer: "guest:a@example.com", codes: ["LIMIT2", "SAVE10"]),
            Checkout("ord_b", cartId: "c2", customer: "guest:b@example.com", codes: ["LIMIT2"]),
            Checkout("ord_c", cartId: "c3", customer: "guest:b@example.com", codes: ["SAVE10", "UNKNOWN"]),
            Checkout("ord_d", cartId: "c4", customer: "guest:b@example.com", codes: ["SAVE10"], status: "cancelled"),
        ];

        Assert.Empty(Invariants.CheckPromotionLimits(checkouts, limits));
    }

    [Fact]
    public void Refunding_more_than_was_captured_breaks_refunds_within_captured()
    {
        CheckoutSnapshot[] checkouts = [Checkout("ord_a", captured: 1_000, refunded: 1_000), Checkout("ord_b", cartId: "c2", captured: 1_000, refunded: 1_450), Checkout("ord_c", cartId: "c3", captured: 0, refunded: 0)];

        var violations = Invariants.CheckRefunds(checkouts);

        Assert.Equal(["refund: ord_b refunded 1450 of 1000 captured"], violations);
    }

    [Theory]
    [InlineData("pending")]
    [InlineData("queued")]
    [InlineData("paid")]
    [InlineData("allocated")]
    public void A_checkout_whose_saga_is_still_running_after_the_drain_is_not_terminal(string status)
    {
        CheckoutSnapshot[] checkouts = [Checkout("ord_a", status: status), Checkout("ord_b", cartId: "c2", status: "failed"), Checkout("ord_c", cartId: "c3", status: "fulfilling"), Checkout("ord_d", cartId: "c4", status: "refunded")];

        var violations = Invariants.CheckTerminal(checkouts);

        Assert.Equal([$"not terminal: ord_a is still {status} after the drain"], violations);
    }

    [Fact]
    public void A_cancelled_order_whose_goods_a_warehouse_shipped_breaks_the_cancel_invariant()
    {
        CheckoutSnapshot[] checkouts =
        [
            Checkout("ord_a", status: "cancelled", refunded: 1_000, shippedBy: ["wh-east"]),
            Checkout("ord_b", cartId: "c2", status: "cancelled", refunded: 1_000),
            Checkout("ord_c", cartId: "c3", status: "shipped", shippedBy: ["wh-west"]),
        ];

        var violations = Invariants.CheckCancels(checkouts);

        Assert.Equal(["cancel after fulfilment: ord_a cancelled (refunded 1000) while wh-east shipped its goods"], violations);
    }

    /// <summary>An order as the generated client reads it from its JSON.</summary>
    static Commerce.Client.Models.Order Order(string lines, string processed = "[]", string paymentState = "captured", long grandTotal = 2_500)
    {
        using var json = System.Text.Json.JsonDocument.Parse($$$"""
            {"payment": {"state": "{{{paymentState}}}", "amount": {"minor": {{{grandTotal}}}, "currency": "USD"}},
             "totals": {"grandTotal": {"minor": {{{grandTotal}}}, "currency": "USD"}},
             "lines": {{{lines}}}, "processedMessages": {{{processed}}}
            }
            """);
        return new Microsoft.Kiota.Serialization.Json.JsonParseNode(json.RootElement).GetObjectValue(Commerce.Client.Models.Order.CreateFromDiscriminatorValue)!;
    }

    const string TwoOfA = """[{"sku": "A", "quantity": 2, "unitPrice": {"minor": 1000, "currency": "USD"}}]""";

    [Fact]
    public void An_order_without_refund_totals_is_credited_what_each_applied_return_refunds()
    {
        var order = Order(TwoOfA, processed: """["r1", "r2"]""");
        ReturnSent[] sent =
        [
            new("r1", "ord_a", "wh-east", [new AllocatedItem("A", 1)]),
            new("r2", "ord_a", "wh-east", [new AllocatedItem("A", 2)]),
            new("r3", "ord_a", "wh-east", [new AllocatedItem("A", 1)]),
        ];

        Assert.Equal(2_500, Snapshots.Captured(order));
        Assert.Equal(1_000 + 2_500, Snapshots.Refunded(order, "refunded", sent));
    }

    [Fact]
    public void Running_refund_totals_on_the_lines_are_read_when_the_order_keeps_them_and_a_cancel_refunds_the_grand_total()
    {
        var kept = Order("""[{"sku": "A", "quantity": 2, "unitPrice": {"minor": 1000, "currency": "USD"}, "refunded": {"minor": 1000, "currency": "USD"}}]""", processed: """["r1"]""");
        var cancelled = Order(TwoOfA, paymentState: "refunded");

        Assert.Equal(1_000, Snapshots.Refunded(kept, "shipped", [new("r1", "ord_a", "wh-east", [new AllocatedItem("A", 2)])]));
        Assert.Equal(2_500, Snapshots.Refunded(cancelled, "cancelled", []));
    }

    [Fact]
    public void A_negative_on_hand_read_during_the_run_is_kept_for_the_stock_invariant()
    {
        var run = new ChaosRun(limitedCodesSeeded: false);

        run.Observe(new StockDocument { Sku = "A", Warehouses = [new WarehouseStock("wh-east", 3, 0)] });
        run.Observe(new StockDocument { Sku = "A", Warehouses = [new WarehouseStock("wh-east", -1, 0)] });

        Assert.Equal(["oversell: A at wh-east has -1 on hand (during the run)"], run.StockViolations);
    }

    [Fact]
    public void Chaos_is_a_flag_and_adds_chaos_shoppers()
    {
        var options = SimulatorOptions.Parse(["--chaos", "--shoppers", "20"]);

        Assert.True(options.Chaos);
        Assert.Equal(10, options.ChaosShoppers);
        Assert.True(options.SeedsChaosPromotions);
        Assert.Equal(0, SimulatorOptions.Parse(["--shoppers", "20"]).ChaosShoppers);
        Assert.False(SimulatorOptions.Parse(["--chaos", "--base-url", "https://shop.example.com/"]).SeedsChaosPromotions);
    }
}
