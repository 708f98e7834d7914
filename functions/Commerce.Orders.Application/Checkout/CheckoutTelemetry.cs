using System.Diagnostics;
using Commerce.Contracts;
using Commerce.Orders.Domain;
using Microsoft.DurableTask;
using static Commerce.Contracts.CommerceMetrics;

namespace Commerce.Orders.Checkout;

/// <summary>
/// What a checkout tells an operator. The Durable Task spans (<c>orchestration:CheckoutSaga</c>, <c>activity:ReserveCart</c>,
/// …) are named after the saga's steps; this adds the order id to each, the outcome, failure code and compensations to
/// the saga's, records the business metrics, and links warehouse answers back to the checkout's trace. Attributes carry
/// ids and codes only: never a token, an email or an address.
/// </summary>
public static class CheckoutTelemetry
{
    public const string SourceName = "Commerce.Orders";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>Tags the current step's span (an activity's, or an orchestration's in every episode) with the order it works for.</summary>
    public static void Step(string orderId) => Activity.Current?.SetTag(Tags.OrderId, orderId);

    /// <summary>Tags the current compensation step's span with the order and what it undoes.</summary>
    public static void Compensation(string orderId, string undoes)
        => Activity.Current?.SetTag(Tags.OrderId, orderId).SetTag(Tags.Compensations, undoes);

    /// <summary>A checkout admitted: its saga started at once, or it joined the flash-sale lane.</summary>
    public static void Admitted(bool queued)
    {
        CheckoutsStarted.Add(1, new KeyValuePair<string, object?>(Tags.Admission, queued ? "queued" : "started"));
        if (queued)
        {
            LaneDepth.Add(1);
        }
    }

    /// <summary>A queued checkout left the lane: its saga started.</summary>
    public static void LeftLane() => LaneDepth.Add(-1);

    /// <summary>
    /// Starting a checkout's saga from somewhere else than its request (a lane drain, the sweep): a span under the
    /// request's trace, linked to the current one, so the saga continues the checkout's trace. Null when already in it.
    /// </summary>
    public static Activity? ResumeTrace(QueuedCheckout checkout)
    {
        ArgumentNullException.ThrowIfNull(checkout);
        if (TraceParents.Parse(checkout.TraceParent) is not { } origin || Activity.Current?.TraceId == origin.TraceId)
        {
            return null;
        }

        ActivityLink[]? links = Activity.Current is { } current ? [new ActivityLink(current.Context)] : null;
        return Source.StartActivity("checkout resume", ActivityKind.Internal, origin, links: links)?.SetTag(Tags.OrderId, checkout.OrderId);
    }

    /// <summary>SKUs a checkout step found short of stock.</summary>
    public static void StockOut(OutOfStockException shortage)
    {
        ArgumentNullException.ThrowIfNull(shortage);
        StockOuts.Add(shortage.Skus.Count);
    }

    /// <summary>
    /// The saga ended: the outcome, failure code and compensations that ran go on the orchestration's span, and the
    /// funnel and duration metrics are recorded, once (not while the orchestrator replays). Only values from the saga's
    /// history are used, so the orchestrator stays deterministic.
    /// </summary>
    public static void SagaEnded(TaskOrchestrationContext context, string orderId, DateTimeOffset startedAt, string? failureCode, IReadOnlyList<string> compensations)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(compensations);
        var outcome = failureCode is null ? "completed" : "failed";
        Activity.Current?.SetTag(Tags.OrderId, orderId).SetTag(Tags.Outcome, outcome).SetTag(Tags.FailureCode, failureCode)
            .SetTag(Tags.Compensations, compensations.Count == 0 ? null : compensations.ToArray());
        if (context.IsReplaying)
        {
            return;
        }

        var seconds = (context.CurrentUtcDateTime - startedAt.UtcDateTime).TotalSeconds;
        if (failureCode is null)
        {
            CheckoutsCompleted.Add(1);
            SagaDuration.Record(seconds, new KeyValuePair<string, object?>(Tags.Outcome, outcome));
        }
        else
        {
            var code = new KeyValuePair<string, object?>(Tags.FailureCode, failureCode);
            CheckoutsFailed.Add(1, code);
            SagaDuration.Record(seconds, new KeyValuePair<string, object?>(Tags.Outcome, outcome), code);
        }
    }

    /// <summary>
    /// A warehouse's answer about an order (a shipment, a return, a cancellation): a consumer span of its own, linked
    /// (once the order is known, <see cref="LinkToCheckout"/>) to the checkout's trace.
    /// </summary>
    public static Activity? StartWarehouseAnswer(string name, string orderId, string warehouseId)
        => Source.StartActivity("warehouse " + name, ActivityKind.Consumer)?.SetTag(Tags.OrderId, orderId).SetTag(Tags.WarehouseId, warehouseId);

    /// <summary>Links the answer's span to the trace the message carries (the request's, echoed), or else the one stored with the order.</summary>
    public static void LinkToCheckout(Activity? span, string? messageTraceParent, Order? order)
    {
        if (span is not null && (TraceParents.Parse(messageTraceParent) ?? TraceParents.Parse(order?.TraceParent)) is { } checkout)
        {
            span.AddLink(new ActivityLink(checkout));
        }
    }
}
