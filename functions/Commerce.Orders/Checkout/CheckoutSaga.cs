using Commerce.Orders.Domain;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace Commerce.Orders.Checkout;

/// <summary>
/// The checkout saga, for the order holding the cart's claim (taken at admission): price the cart for the ship-to
/// address and check it against what was reviewed → reserve stock → claim the promotion uses (carts with codes only) →
/// authorize payment (waiting for the customer's action when the provider asks for one) → allocate (a sub-orchestration
/// committing each warehouse's shipment in parallel) → capture → create the order → then, with the order standing,
/// settle the promotion uses, clear the cart and request fulfilment per warehouse (one step). A failure before the order
/// stands runs the compensations registered so far, in reverse, the last of them releasing the cart's claim so the
/// shopper can check the cart out again.
/// </summary>
public static class CheckoutSaga
{
    public const string PaymentActionEvent = "PaymentActionCompleted";

    /// <summary>Transient failures retry with backoff; business failures (<see cref="CheckoutFailureException"/>) never do.</summary>
    public static TaskOptions Retry { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 4,
        firstRetryInterval: TimeSpan.FromMilliseconds(200),
        backoffCoefficient: 2)
    {
        HandleFailure = failure => !failure.IsCausedBy<CheckoutFailureException>(),
    });

    [Function(nameof(CheckoutSaga))]
    public static async Task<CheckoutOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context, CheckoutInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var log = context.CreateReplaySafeLogger(nameof(CheckoutSaga));
        var orderId = input.OrderId;
        var compensations = new Stack<(string Name, Func<Task> Run)>();
        var timeline = new List<OrderEvent> { new(context.CurrentUtcDateTime, OrderStatus.Pending) };
        (string, Func<Task>) releaseClaim = ("release the cart claim and leave the in-flight register", () => context.CallActivityAsync(nameof(CheckoutActivities.EndFailedCheckout), new CartClaimInput(input.CartId, orderId), Retry));
        compensations.Push(releaseClaim);
        try
        {
            // One step prices the cart and holds its stock: only the claim to release when it fails (a failed reserve
            // undoes its own holds; holds a crash leaves behind expire by themselves).
            context.SetCustomStatus("reserving");
            var (cart, plan) = await context.CallActivityAsync<ReservedCart>(nameof(CheckoutActivities.ReserveCart), new ReserveCartInput(orderId, input.CartId, input.ShippingAddress, input.ReservationHold), Retry);
            var skus = cart.Lines.Select(l => l.Sku).Distinct(StringComparer.Ordinal).ToList();
            (string, Func<Task>) release = ("release reservations", () => context.CallActivityAsync(nameof(CheckoutActivities.ReleaseStock), new ReleaseStockInput(orderId, skus), Retry));
            compensations.Push(release);

            // Promotion limits are checked and counted in one conditional write per counter, before any payment; only
            // carts with codes pay for the step. Its compensation is registered first: a claim that fails half-way
            // (transient) leaves nothing behind, and releasing what the order does not hold is a no-op.
            (string, Func<Task>)? releasePromotions = null;
            if (cart.PromoCodes.Count > 0)
            {
                context.SetCustomStatus("claiming_promotions");
                var promotions = new OrderPromotionCodes(orderId, cart.PromoCodes, cart.CustomerId, input.Email);
                releasePromotions = ("release promotions", () => context.CallActivityAsync(nameof(CheckoutActivities.ReleasePromotions), promotions, Retry));
                compensations.Push(releasePromotions.Value);
                await context.CallActivityAsync(nameof(CheckoutActivities.ClaimPromotions), promotions, Retry);
            }

            context.SetCustomStatus("authorizing");
            var authorization = await context.CallActivityAsync<PaymentAuthorization>(nameof(CheckoutActivities.AuthorizePayment), new AuthorizePaymentInput(orderId, input.PaymentToken, cart.GrandTotal), Retry);
            compensations.Push(("void authorization", () => context.CallActivityAsync(nameof(CheckoutActivities.VoidPayment), authorization.AuthorizationId, Retry)));
            if (authorization.State == PaymentState.RequiresAction)
            {
                context.SetCustomStatus("awaiting_payment_action");
                await AwaitCustomerActionAsync(context, input.PaymentActionTimeout);
            }

            context.SetCustomStatus("allocating");
            // A multi-warehouse plan commits in the allocation sub-orchestration; one warehouse is one commit, made here
            // with the same code (a sub-orchestration would only add two orchestration episodes).
            await (plan.Shipments.Count > 1
                ? context.CallSubOrchestratorAsync(nameof(AllocationSaga), new AllocateOrderInput(orderId, plan.Shipments), new SubOrchestrationOptions { InstanceId = orderId + "-allocate" })
                : AllocationSaga.CommitAllAsync(context, orderId, plan.Shipments));
            (string, Func<Task>) restock = ("restock", () => AllocationSaga.RestockAllAsync(context, orderId, plan.Shipments));
            compensations.Push(restock);

            context.SetCustomStatus("capturing");
            await context.CallActivityAsync(nameof(CheckoutActivities.CapturePayment), authorization.AuthorizationId, Retry);

            // Captured: a refund replaces the void; still in reverse order of the steps.
            compensations.Clear();
            compensations.Push(releaseClaim);
            compensations.Push(release);
            if (releasePromotions is { } releaseClaims)
            {
                compensations.Push(releaseClaims);
            }

            compensations.Push(restock);
            compensations.Push(("refund capture", () => context.CallActivityAsync(nameof(CheckoutActivities.RefundPayment), new RefundInput(authorization.AuthorizationId, cart.GrandTotal, "checkout:" + orderId), Retry)));
            timeline.Add(new OrderEvent(context.CurrentUtcDateTime, OrderStatus.Paid));

            context.SetCustomStatus("creating_order");
            timeline.Add(new OrderEvent(context.CurrentUtcDateTime, OrderStatus.Allocated));
            var completion = new CompleteOrderInput(orderId, input.CartId, cart.PromoCodes, cart.CustomerId, plan.Shipments, input.ShippingAddress);
            var placed = await context.CallActivityAsync<OrderPlaced>(nameof(CheckoutActivities.CreateOrder), new CreateOrderInput(input, cart, plan.Shipments, authorization.AuthorizationId, timeline, completion), Retry);
            compensations.Clear();

            // Creating the order already tried to complete it; only parts that failed there get the retrying step.
            var notes = placed.CompletionFailures.Count == 0 ? [] : await CompleteStandingOrderAsync(context, completion, log);
            context.SetCustomStatus("completed");
            return new CheckoutOutcome(orderId, Succeeded: true, Notes: notes);
        }
        catch (Exception ex) when (Classify(ex) is { } failure)
        {
            log.LogWarning("Checkout {OrderId} failed ({FailureCode}): {Reason}; compensating {Count} step(s)", orderId, failure.Code, failure.Reason, compensations.Count);
            context.SetCustomStatus("compensating");
            var notes = await CompensateAsync(compensations, log, orderId);
            context.SetCustomStatus("failed");
            return new CheckoutOutcome(orderId, Succeeded: false, failure.Code, failure.Reason, notes);
        }
    }

    /// <summary>The customer's 3-D Secure style action: the provider's webhook raises the event; no answer in time declines.</summary>
    static async Task AwaitCustomerActionAsync(TaskOrchestrationContext context, TimeSpan timeout)
    {
        PaymentWebhookEvent result;
        try
        {
            result = await context.WaitForExternalEvent<PaymentWebhookEvent>(PaymentActionEvent, timeout);
        }
        catch (TaskCanceledException)
        {
            throw new CheckoutFailureException(CheckoutFailureCodes.PaymentActionTimedOut, "The customer did not complete the payment action in time.");
        }

        if (!result.Approved)
        {
            throw new PaymentDeclinedException("The customer did not approve the payment.");
        }
    }

    /// <summary>
    /// The order stands: promotions, cart, stock bookkeeping and fulfilment are one idempotent step (each part runs even
    /// when another fails, and a repeat redoes only what is not done); it retries but never undoes the order, and a part
    /// that still fails is noted on the outcome.
    /// </summary>
    static async Task<List<string>> CompleteStandingOrderAsync(TaskOrchestrationContext context, CompleteOrderInput completion, ILogger log)
    {
        try
        {
            await context.CallActivityAsync(nameof(CheckoutActivities.CompleteOrder), completion, Retry);
            return [];
        }
        catch (TaskFailedException ex)
        {
            log.LogError("Checkout {OrderId}: completing the order failed after retries: {Reason}", completion.OrderId, ex.FailureDetails.ErrorMessage);
            return [$"completing the order failed: {ex.FailureDetails.ErrorMessage}"];
        }
    }

    static async Task<List<string>> CompensateAsync(Stack<(string Name, Func<Task> Run)> compensations, ILogger log, string orderId)
    {
        var notes = new List<string>();
        while (compensations.TryPop(out var compensation))
        {
            try
            {
                await compensation.Run();
                notes.Add($"compensated: {compensation.Name}");
            }
            catch (TaskFailedException ex)
            {
                log.LogError("Checkout {OrderId}: compensation {Step} failed: {Reason}", orderId, compensation.Name, ex.FailureDetails.ErrorMessage);
                notes.Add($"compensation {compensation.Name} failed: {ex.FailureDetails.ErrorMessage}");
            }
        }

        return notes;
    }

    /// <summary>Business failures and exhausted transient ones end the checkout with a code; anything else is a bug and fails the instance.</summary>
    public static (string Code, string Reason)? Classify(Exception ex) => ex switch
    {
        CheckoutFailureException business => (business.Code, business.Message),
        TaskFailedException failed => Classify(failed.FailureDetails),
        _ => null,
    };

    public static (string Code, string Reason) Classify(TaskFailureDetails failure)
    {
        var cause = Innermost(failure);
        if (cause.IsCausedBy<OutOfStockException>())
        {
            return (CheckoutFailureCodes.OutOfStock, cause.ErrorMessage);
        }

        if (cause.IsCausedBy<CheckoutFailureException>())
        {
            return (CodeOf(cause), cause.ErrorMessage);
        }

        return cause.IsCausedBy<PaymentGatewayUnavailableException>()
            ? (CheckoutFailureCodes.PaymentUnavailable, cause.ErrorMessage)
            : (CheckoutFailureCodes.Internal, cause.ErrorMessage);
    }

    static TaskFailureDetails Innermost(TaskFailureDetails failure)
        => failure.IsCausedBy<TaskFailedException>() && failure.InnerFailure is { } inner ? Innermost(inner) : failure;

    static string CodeOf(TaskFailureDetails cause)
    {
        if (cause.IsCausedBy<PaymentDeclinedException>())
        {
            return CheckoutFailureCodes.PaymentDeclined;
        }

        if (cause.IsCausedBy<PaymentCaptureFailedException>())
        {
            return CheckoutFailureCodes.CaptureFailed;
        }

        if (cause.IsCausedBy<PriceChangedException>())
        {
            return CheckoutFailureCodes.PriceChanged;
        }

        if (cause.IsCausedBy<DestinationNotServedException>())
        {
            return CheckoutFailureCodes.DestinationNotServed;
        }

        if (cause.IsCausedBy<PromotionUnavailableException>())
        {
            return CheckoutFailureCodes.PromotionUnavailable;
        }

        return cause.IsCausedBy<CartUnavailableException>() ? CheckoutFailureCodes.CartUnavailable : CheckoutFailureCodes.Internal;
    }
}
