using Commerce.Orders.Checkout;
using Commerce.Orders.Domain;
using Microsoft.DurableTask.Client;

namespace Commerce.Orders.Ordering;

public sealed record CheckoutFailureView(string Code, string? Reason);

/// <summary>The payment while the customer must act on it: <c>status</c> "requires_action" and the provider's client secret for the storefront.</summary>
public sealed record PaymentActionView(string Status, string? ClientSecret);

/// <summary>What GET /api/orders/{id} answers: the order once it stands, else the checkout's progress or failure.</summary>
public sealed record OrderView(
    string OrderId,
    string Status,
    string? Stage = null,
    Order? Order = null,
    CheckoutFailureView? Failure = null,
    PaymentActionView? Payment = null)
{
    /// <summary>Accepted during a flash sale, waiting in the admission lane for its saga to start.</summary>
    public const string Queued = "queued";

    /// <summary>
    /// How long a storefront should wait before reading a checkout in flight again (sent as Retry-After with the checkout's
    /// 202 and with each answer of a checkout still running): a checkout's steps take about this long, so polling faster
    /// only adds load, which in a flash sale comes from every buyer at once.
    /// </summary>
    public static readonly TimeSpan PollAgainAfter = TimeSpan.FromSeconds(1);

    /// <summary>True while the checkout runs (queued, or its saga pending): no order stands yet and none failed.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool InFlight => Order is null && Status is Queued or "pending";

    public static OrderView Of(Order order) => new(order.Id, JsonName(order.Status), Order: order);

    /// <summary>The saga's state while (or because) no order document exists; null when there is no such checkout.</summary>
    public static OrderView? Of(string orderId, OrchestrationMetadata? instance)
    {
        if (instance is null)
        {
            return null;
        }

        var (stage, awaitingAuthorization) = StageOf(instance.SerializedCustomStatus);
        return instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed when instance.ReadOutputAs<CheckoutOutcome>() is { Succeeded: false } outcome
                => new OrderView(orderId, JsonName(OrderStatus.Failed), stage, Failure: new CheckoutFailureView(outcome.FailureCode ?? CheckoutFailureCodes.Internal, outcome.FailureReason)),
            OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated
                => new OrderView(orderId, JsonName(OrderStatus.Failed), stage, Failure: new CheckoutFailureView(CheckoutFailureCodes.Internal, instance.FailureDetails?.ErrorMessage)),
            _ => new OrderView(orderId, JsonName(OrderStatus.Pending), stage) { AwaitingAuthorizationId = awaitingAuthorization },
        };
    }

    /// <summary>The authorization the customer must act on (from the saga's status), read by the order route; never serialized.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? AwaitingAuthorizationId { get; init; }

    /// <summary>While the customer must act, adds what the storefront needs (the provider's client secret), fetched now, never stored.</summary>
    public async Task<OrderView> WithPaymentActionAsync(IPaymentGateway payments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payments);
        return AwaitingAuthorizationId is { } authorizationId
            && await payments.GetAsync(authorizationId, cancellationToken) is { State: PaymentState.RequiresAction } payment
            ? this with { Payment = new PaymentActionView("requires_action", payment.ClientSecret) }
            : this;
    }

    /// <summary>The saga's custom status: a stage name, or a <see cref="PaymentActionStage"/> object.</summary>
    static (string? Stage, string? AwaitingAuthorization) StageOf(string? serialized)
    {
        if (serialized is null || !serialized.StartsWith('{'))
        {
            return (serialized?.Trim('"'), null);
        }

        var status = System.Text.Json.JsonSerializer.Deserialize<PaymentActionStage>(serialized);
        return (PaymentActionStage.Name, status?.AuthorizationId);
    }

    static string JsonName(OrderStatus status) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}
