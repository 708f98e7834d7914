using Commerce.Orders.Checkout;
using Commerce.Orders.Domain;
using Microsoft.DurableTask.Client;

namespace Commerce.Orders.Ordering;

public sealed record CheckoutFailureView(string Code, string? Reason);

/// <summary>What GET /api/orders/{id} answers: the order once it stands, else the checkout's progress or failure.</summary>
public sealed record OrderView(
    string OrderId,
    string Status,
    string? Stage = null,
    Order? Order = null,
    CheckoutFailureView? Failure = null)
{
    /// <summary>Accepted during a flash sale, waiting in the admission lane for its saga to start.</summary>
    public const string Queued = "queued";

    public static OrderView Of(Order order) => new(order.Id, JsonName(order.Status), Order: order);

    /// <summary>The saga's state while (or because) no order document exists; null when there is no such checkout.</summary>
    public static OrderView? Of(string orderId, OrchestrationMetadata? instance)
    {
        if (instance is null)
        {
            return null;
        }

        var stage = instance.SerializedCustomStatus?.Trim('"');
        return instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed when instance.ReadOutputAs<CheckoutOutcome>() is { Succeeded: false } outcome
                => new OrderView(orderId, JsonName(OrderStatus.Failed), stage, Failure: new CheckoutFailureView(outcome.FailureCode ?? CheckoutFailureCodes.Internal, outcome.FailureReason)),
            OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated
                => new OrderView(orderId, JsonName(OrderStatus.Failed), stage, Failure: new CheckoutFailureView(CheckoutFailureCodes.Internal, instance.FailureDetails?.ErrorMessage)),
            _ => new OrderView(orderId, JsonName(OrderStatus.Pending), stage),
        };
    }

    static string JsonName(OrderStatus status) => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(status.ToString());
}
