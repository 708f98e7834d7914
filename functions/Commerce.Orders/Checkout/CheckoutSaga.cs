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

    [Function(CheckoutInput.Orchestration)]
    public static async Task<CheckoutOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context, CheckoutInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var log = context.CreateReplaySafeLogger(nameof(CheckoutSaga));
        var orderId = input.OrderId;
        CheckoutTelemetry.Step(orderId);
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
            PaymentAuthorization authorization;
            try
            {
                authorization = await context.CallActivityAsync<PaymentAuthorization>(nameof(CheckoutActivities.AuthorizePayment), new AuthorizePaymentInput(orderId, input.PaymentToken, cart.GrandTotal), Retry);
            }
            catch (TaskFailedException ex) when (IsUncertain(ex))
            {
                // Only the answer may have been lost: an authorization that landed anyway is voided as the checkout fails.
                if (await FindPaymentAsync(context, orderId, log) is { State: PaymentState.Authorized or PaymentState.RequiresAction } landed)
                {
                    compensations.Push(VoidAuthorization(context, landed.AuthorizationId));
                }

                throw;
            }

            compensations.Push(VoidAuthorization(context, authorization.AuthorizationId));
            if (authorization.State == PaymentState.RequiresAction)
            {
                context.SetCustomStatus(new PaymentActionStage(authorization.AuthorizationId)); // the order status shows what the storefront needs
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
            try
            {
                await context.CallActivityAsync(nameof(CheckoutActivities.CapturePayment), authorization.AuthorizationId, Retry);
            }
            catch (TaskFailedException ex) when (IsUncertain(ex))
            {
                // A capture that landed though its answer was lost is a capture: the checkout goes on, it is never voided.
                if (await FindPaymentAsync(context, orderId, log) is not { State: PaymentState.Captured })
                {
                    throw;
                }

                log.LogWarning("Checkout {OrderId}: the capture's answer was lost but the provider shows it captured", orderId);
            }

            // Captured: a refund replaces the void; still in reverse order of the steps.
            compensations.Clear();
            compensations.Push(releaseClaim);
            compensations.Push(release);
            if (releasePromotions is { } releaseClaims)
            {
                compensations.Push(releaseClaims);
            }

            compensations.Push(restock);
            compensations.Push(("refund capture", () => context.CallActivityAsync(nameof(CheckoutActivities.RefundPayment), new RefundInput(authorization.AuthorizationId, cart.GrandTotal, CheckoutActivities.RefundKey(orderId)), Retry)));
            timeline.Add(new OrderEvent(context.CurrentUtcDateTime, OrderStatus.Paid));

            context.SetCustomStatus("creating_order");
            timeline.Add(new OrderEvent(context.CurrentUtcDateTime, OrderStatus.Allocated));
            var completion = new CompleteOrderInput(orderId, input.CartId, cart.PromoCodes, cart.CustomerId, plan.Shipments, input.ShippingAddress);
            var placed = await CreateOrderAsync(context, new CreateOrderInput(input, cart, plan.Shipments, authorization.AuthorizationId, timeline, completion), log);
            compensations.Clear();

            // Creating the order already tried to complete it; only parts that failed there get the retrying step.
            var notes = placed.CompletionFailures.Count == 0 ? [] : await CompleteStandingOrderAsync(context, completion, log);
            CheckoutTelemetry.SagaEnded(context, orderId, timeline[0].At, failureCode: null, compensations: []);
            context.SetCustomStatus("completed");
            return new CheckoutOutcome(orderId, Succeeded: true, Notes: notes);
        }
        catch (Exception ex) when (Classify(ex) is { } failure)
        {
            log.LogWarning("Checkout {OrderId} failed ({FailureCode}): {Reason}; compensating {Count} step(s)", orderId, failure.Code, failure.Reason, compensations.Count);
            context.SetCustomStatus("compensating");
            var ran = new List<string>();
            var notes = await CompensateAsync(compensations, ran, log, orderId);
            CheckoutTelemetry.SagaEnded(context, orderId, timeline[0].At, failure.Code, ran);
            context.SetCustomStatus("failed");
            return new CheckoutOutcome(orderId, Succeeded: false, failure.Code, failure.Reason, notes);
        }
    }

    static (string Name, Func<Task> Run) VoidAuthorization(TaskOrchestrationContext context, string authorizationId)
        => ("void authorization", () => context.CallActivityAsync(nameof(CheckoutActivities.VoidPayment), authorizationId, Retry));

    /// <summary>The provider did not answer in time, even after the retries: the call may or may not have landed.</summary>
    static bool IsUncertain(TaskFailedException failure) => Innermost(failure.FailureDetails).IsCausedBy<PaymentGatewayUnavailableException>();

    /// <summary>What the provider knows of the order's payment (by the order's idempotency key); null when nothing landed or it cannot tell.</summary>
    static async Task<PaymentRecord?> FindPaymentAsync(TaskOrchestrationContext context, string orderId, ILogger log)
    {
        try
        {
            return await context.CallActivityAsync<PaymentRecord?>(nameof(CheckoutActivities.FindPayment), orderId, Retry);
        }
        catch (TaskFailedException ex)
        {
            log.LogError("Checkout {OrderId}: the payment's state could not be read: {Reason}", orderId, ex.FailureDetails.ErrorMessage);
            return null;
        }
    }

    /// <summary>
    /// Creates the order. The step can fail after the order document was written (a later part of it failing every
    /// retry): an order that stands is completed, never compensated, so the saga asks before undoing anything. When even
    /// that cannot be answered, the instance fails without compensating (an operator, or the recovery sweep, decides).
    /// </summary>
    static async Task<OrderPlaced> CreateOrderAsync(TaskOrchestrationContext context, CreateOrderInput create, ILogger log)
    {
        try
        {
            return await context.CallActivityAsync<OrderPlaced>(nameof(CheckoutActivities.CreateOrder), create, Retry);
        }
        catch (TaskFailedException ex)
        {
            bool stands;
            try
            {
                stands = await context.CallActivityAsync<bool>(nameof(CheckoutActivities.OrderExists), create.Checkout.OrderId, Retry);
            }
            catch (TaskFailedException unknown)
            {
                throw new InvalidOperationException($"Checkout {create.Checkout.OrderId}: creating the order failed ({ex.FailureDetails.ErrorMessage}) and whether it was written is unknown ({unknown.FailureDetails.ErrorMessage}); not compensating behind an order that may stand.", unknown);
            }

            if (!stands)
            {
                throw;
            }

            log.LogWarning("Checkout {OrderId}: creating the order failed after it was written ({Reason}); completing the standing order", create.Checkout.OrderId, ex.FailureDetails.ErrorMessage);
            return new OrderPlaced([$"creating the order failed after it was written: {ex.FailureDetails.ErrorMessage}"]);
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

    /// <summary>Runs the compensations in reverse; <paramref name="ran"/> names each that ran (failed or not).</summary>
    static async Task<List<string>> CompensateAsync(Stack<(string Name, Func<Task> Run)> compensations, List<string> ran, ILogger log, string orderId)
    {
        var notes = new List<string>();
        while (compensations.TryPop(out var compensation))
        {
            ran.Add(compensation.Name);
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
