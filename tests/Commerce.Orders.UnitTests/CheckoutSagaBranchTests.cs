using Commerce.Contracts;
using Commerce.Orders.Checkout;
using Commerce.Orders.Domain;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Commerce.Orders.UnitTests;

/// <summary>The saga's branches with a mocked orchestration context: which steps and compensations run, in which order.</summary>
public sealed class CheckoutSagaBranchTests
{
    static readonly CheckoutInput Input = new("ord_1", "cart-1", "a@b.c", new ShippingAddress("n", "l", null, "c", null, "p", "US"), "tok", TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(10));

    static readonly PricedCheckoutCart Cart = new("cart-1", "USD", [new PricedCartLine("a", 2, Money.Of(100, "USD"), Money.Of(200, "USD"))], Money.Zero("USD"), Money.Zero("USD"), Money.Zero("USD"), Money.Of(200, "USD"), [], null);

    static readonly AllocationPlan Plan = new([new PlannedShipment("east", [new AllocatedItem("a", 1)]), new PlannedShipment("west", [new AllocatedItem("a", 1)])], 900, [], true);

    readonly List<string> calls = [];
    readonly Dictionary<string, Exception> failures = [];
    readonly Mock<TaskOrchestrationContext> context = new() { CallBase = true };

    public CheckoutSagaBranchTests()
    {
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(new DateTime(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc));
        context.Setup(c => c.CreateReplaySafeLogger(It.IsAny<string>())).Returns(NullLogger.Instance);

        // Generic setups match by assignability, so the catch-all for steps without a result goes first and the typed ones override it.
        context.Setup(c => c.CallActivityAsync<object>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName name, object? _, TaskOptions? _) => Record<object>(name.Name, null!));
        context.Setup(c => c.CallSubOrchestratorAsync<object>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName name, object? _, TaskOptions? _) => Record<object>(name.Name, null!));
        Activity<ReservedCart>(nameof(CheckoutActivities.ReserveCart), new ReservedCart(Cart, Plan));
        Activity<PaymentAuthorization>(nameof(CheckoutActivities.AuthorizePayment), new PaymentAuthorization("auth_ord_1", PaymentState.Authorized));
        Activity<OrderPlaced>(nameof(CheckoutActivities.CreateOrder), new OrderPlaced([]));
        Activity<PaymentRecord?>(FindPayment, null);
        Activity<bool>(OrderExists, false);
    }

    // The saga's questions after an uncertain outcome: what the provider knows of the order's payment, whether the order stands.
    const string FindPayment = "FindPayment";
    const string OrderExists = "OrderExists";

    static PaymentRecord ProviderSays(PaymentState state) => new("ord_1", "auth_ord_1", Cart.GrandTotal, state, Money.Zero("USD"));

    void Activity<T>(string name, T result)
        => context.Setup(c => c.CallActivityAsync<T>(It.Is<TaskName>(n => n.Name == name), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns(() => Record(name, result));

    Task<T> Record<T>(string name, T result)
    {
        calls.Add(name);
        return failures.TryGetValue(name, out var failure) ? Task.FromException<T>(failure) : Task.FromResult(result);
    }

    void Fail<TException>(string step, string message = "boom")
        => failures[step] = new TaskFailedException(step, 1, Details(typeof(TException), message));

    static TaskFailureDetails Details(Type type, string message) => new(type.FullName!, message, null, null, null);

    Task<CheckoutOutcome> Run() => CheckoutSaga.Run(context.Object, Input);

    [Fact]
    public async Task Success_runs_every_step_once_and_no_compensation()
    {
        var outcome = await Run();

        Assert.True(outcome.Succeeded);
        Assert.Equal(
            ["ReserveCart", "AuthorizePayment", "AllocationSaga", "CapturePayment", "CreateOrder"],
            calls);
    }

    [Fact]
    public async Task A_cart_with_codes_claims_their_uses_after_reserving_and_before_authorizing()
    {
        WithCodes();

        var outcome = await Run();

        Assert.True(outcome.Succeeded);
        Assert.Equal(["ReserveCart", "ClaimPromotions", "AuthorizePayment", "AllocationSaga", "CapturePayment", "CreateOrder"], calls);
    }

    [Fact]
    public async Task A_code_that_can_no_longer_be_redeemed_fails_before_payment_and_releases_claims_and_stock()
    {
        WithCodes();
        Fail<PromotionUnavailableException>(nameof(CheckoutActivities.ClaimPromotions));

        var outcome = await Run();

        Assert.Equal(CheckoutFailureCodes.PromotionUnavailable, outcome.FailureCode);
        Assert.Equal(["ReserveCart", "ClaimPromotions", "ReleasePromotions", "ReleaseStock", "EndFailedCheckout"], calls);
    }

    [Fact]
    public async Task A_declined_payment_gives_the_promotion_uses_back()
    {
        WithCodes();
        Fail<PaymentDeclinedException>(nameof(CheckoutActivities.AuthorizePayment));

        var outcome = await Run();

        Assert.Equal(CheckoutFailureCodes.PaymentDeclined, outcome.FailureCode);
        Assert.Equal(["ReserveCart", "ClaimPromotions", "AuthorizePayment", "ReleasePromotions", "ReleaseStock", "EndFailedCheckout"], calls);
    }

    [Fact]
    public async Task A_failure_creating_the_order_after_capture_refunds_and_gives_the_promotion_uses_back()
    {
        WithCodes();
        Fail<InvalidOperationException>(nameof(CheckoutActivities.CreateOrder), "store down");

        var outcome = await Run();

        Assert.Equal(CheckoutFailureCodes.Internal, outcome.FailureCode);
        Assert.Equal([OrderExists, "RefundPayment", "RestockShipment", "RestockShipment", "ReleasePromotions", "ReleaseStock", "EndFailedCheckout"], calls.SkipWhile(c => c != "CreateOrder").Skip(1));
    }

    void WithCodes() => Activity<ReservedCart>(nameof(CheckoutActivities.ReserveCart), new ReservedCart(Cart with { PromoCodes = ["PROMO"] }, Plan));

    [Fact]
    public async Task A_single_warehouse_plan_commits_inline_without_the_allocation_sub_orchestration()
    {
        Activity<ReservedCart>(nameof(CheckoutActivities.ReserveCart), new ReservedCart(Cart, Plan with { Shipments = [Plan.Shipments[0]] }));

        var outcome = await Run();

        Assert.True(outcome.Succeeded);
        Assert.Equal(["ReserveCart", "AuthorizePayment", "CommitShipment", "CapturePayment", "CreateOrder"], calls);
    }

    [Fact]
    public async Task A_failed_inline_commit_restocks_then_releases_and_never_authorizes_capture()
    {
        Activity<ReservedCart>(nameof(CheckoutActivities.ReserveCart), new ReservedCart(Cart, Plan with { Shipments = [Plan.Shipments[0]] }));
        Fail<OutOfStockException>(nameof(CheckoutActivities.CommitShipment));

        var outcome = await Run();

        Assert.Equal(CheckoutFailureCodes.OutOfStock, outcome.FailureCode);
        Assert.Equal(["ReserveCart", "AuthorizePayment", "CommitShipment", "RestockShipment", "VoidPayment", "ReleaseStock", "EndFailedCheckout"], calls);
    }

    [Fact]
    public async Task Out_of_stock_stops_before_payment_and_only_frees_the_cart_for_another_checkout()
    {
        Fail<OutOfStockException>(nameof(CheckoutActivities.ReserveCart));

        var outcome = await Run();

        Assert.Equal(CheckoutFailureCodes.OutOfStock, outcome.FailureCode);
        Assert.Equal(["ReserveCart", "EndFailedCheckout"], calls);
    }

    [Fact]
    public async Task A_price_change_fails_with_price_changed_before_any_payment_and_frees_the_cart()
    {
        Fail<PriceChangedException>(nameof(CheckoutActivities.ReserveCart));

        var outcome = await Run();

        Assert.Equal(CheckoutFailureCodes.PriceChanged, outcome.FailureCode);
        Assert.Equal(["ReserveCart", "EndFailedCheckout"], calls);
    }

    [Fact]
    public async Task An_address_the_cart_cannot_ship_to_fails_with_destination_not_served()
    {
        Fail<DestinationNotServedException>(nameof(CheckoutActivities.ReserveCart));

        var outcome = await Run();

        Assert.Equal(CheckoutFailureCodes.DestinationNotServed, outcome.FailureCode);
        Assert.Equal(["ReserveCart", "EndFailedCheckout"], calls);
    }

    [Fact]
    public async Task A_declined_payment_releases_the_reservation_only()
    {
        Fail<PaymentDeclinedException>(nameof(CheckoutActivities.AuthorizePayment));

        var outcome = await Run();

        Assert.Equal(CheckoutFailureCodes.PaymentDeclined, outcome.FailureCode);
        Assert.Equal(["ReserveCart", "AuthorizePayment", "ReleaseStock", "EndFailedCheckout"], calls);
    }

    [Fact]
    public async Task A_failed_capture_restocks_voids_and_releases_in_reverse_order()
    {
        Fail<PaymentCaptureFailedException>(nameof(CheckoutActivities.CapturePayment));

        var outcome = await Run();

        Assert.Equal(CheckoutFailureCodes.CaptureFailed, outcome.FailureCode);
        Assert.Equal(["RestockShipment", "RestockShipment", "VoidPayment", "ReleaseStock", "EndFailedCheckout"], calls.SkipWhile(c => c != "CapturePayment").Skip(1));
    }

    [Fact]
    public async Task A_failure_creating_the_order_after_capture_refunds_instead_of_voiding()
    {
        Fail<InvalidOperationException>(nameof(CheckoutActivities.CreateOrder), "store down");

        var outcome = await Run();

        Assert.Equal(CheckoutFailureCodes.Internal, outcome.FailureCode);
        Assert.Equal([OrderExists, "RefundPayment", "RestockShipment", "RestockShipment", "ReleaseStock", "EndFailedCheckout"], calls.SkipWhile(c => c != "CreateOrder").Skip(1));
    }

    [Fact]
    public async Task A_capture_whose_answer_was_lost_but_landed_proceeds_as_captured_and_is_never_voided()
    {
        Fail<PaymentGatewayUnavailableException>(nameof(CheckoutActivities.CapturePayment), "timed out");
        Activity<PaymentRecord?>(FindPayment, ProviderSays(PaymentState.Captured));

        var outcome = await Run();

        Assert.True(outcome.Succeeded);
        Assert.Equal(["CapturePayment", FindPayment, "CreateOrder"], calls.SkipWhile(c => c != "CapturePayment"));
    }

    [Fact]
    public async Task A_capture_that_timed_out_and_did_not_land_fails_and_voids_the_authorization()
    {
        Fail<PaymentGatewayUnavailableException>(nameof(CheckoutActivities.CapturePayment), "timed out");
        Activity<PaymentRecord?>(FindPayment, ProviderSays(PaymentState.Authorized));

        var outcome = await Run();

        Assert.Equal(CheckoutFailureCodes.PaymentUnavailable, outcome.FailureCode);
        Assert.Equal(["CapturePayment", FindPayment, "RestockShipment", "RestockShipment", "VoidPayment", "ReleaseStock", "EndFailedCheckout"], calls.SkipWhile(c => c != "CapturePayment"));
    }

    [Fact]
    public async Task An_authorization_that_landed_after_its_answer_timed_out_is_voided_before_the_checkout_fails()
    {
        Fail<PaymentGatewayUnavailableException>(nameof(CheckoutActivities.AuthorizePayment), "timed out");
        Activity<PaymentRecord?>(FindPayment, ProviderSays(PaymentState.Authorized));

        var outcome = await Run();

        Assert.Equal(CheckoutFailureCodes.PaymentUnavailable, outcome.FailureCode);
        Assert.Equal(["ReserveCart", "AuthorizePayment", FindPayment, "VoidPayment", "ReleaseStock", "EndFailedCheckout"], calls);
    }

    [Fact]
    public async Task An_authorization_that_timed_out_and_never_landed_only_releases_the_reservation()
    {
        Fail<PaymentGatewayUnavailableException>(nameof(CheckoutActivities.AuthorizePayment), "timed out");

        var outcome = await Run();

        Assert.Equal(CheckoutFailureCodes.PaymentUnavailable, outcome.FailureCode);
        Assert.Equal(["ReserveCart", "AuthorizePayment", FindPayment, "ReleaseStock", "EndFailedCheckout"], calls);
    }

    [Fact]
    public async Task A_failure_creating_the_order_after_the_order_was_written_completes_the_standing_order_and_compensates_nothing()
    {
        Fail<InvalidOperationException>(nameof(CheckoutActivities.CreateOrder), "history store down");
        Activity<bool>(OrderExists, true);

        var outcome = await Run();

        Assert.True(outcome.Succeeded);
        Assert.Equal(["CreateOrder", OrderExists, "CompleteOrder"], calls.SkipWhile(c => c != "CreateOrder"));
    }

    [Fact]
    public async Task When_it_cannot_tell_whether_the_order_was_written_the_saga_fails_without_compensating_behind_it()
    {
        Fail<InvalidOperationException>(nameof(CheckoutActivities.CreateOrder), "history store down");
        Fail<InvalidOperationException>(OrderExists, "order store down");

        await Assert.ThrowsAsync<InvalidOperationException>(Run);

        Assert.Equal(["CreateOrder", OrderExists], calls.SkipWhile(c => c != "CreateOrder"));
    }

    [Fact]
    public async Task A_part_that_fails_after_the_order_stands_is_retried_as_its_own_step_noted_and_never_compensated()
    {
        Activity<OrderPlaced>(nameof(CheckoutActivities.CreateOrder), new OrderPlaced(["clear cart failed: cart store down"]));
        Fail<OrderCompletionFailedException>(nameof(CheckoutActivities.CompleteOrder), "clear cart failed: cart store down");

        var outcome = await Run();

        Assert.True(outcome.Succeeded);
        Assert.Contains(outcome.Notes!, n => n.Contains("clear cart", StringComparison.Ordinal));
        Assert.DoesNotContain("RefundPayment", calls);
        Assert.DoesNotContain("ReleaseStock", calls);
        Assert.DoesNotContain("EndFailedCheckout", calls);
        Assert.Equal(["CreateOrder", "CompleteOrder"], calls.TakeLast(2));
    }
}
