using System.Collections.Concurrent;
using System.Diagnostics;
using Commerce.Client.Models;

namespace Commerce.Simulator;

/// <summary>
/// What the simulator knows of one accepted checkout (a 202): the cart and email it was submitted with, when it was
/// accepted, the order access token its 202 carried, its last observed status and order view, and which warehouses the
/// simulator's warehouses shipped it from.
/// </summary>
public sealed class TrackedCheckout(string orderId, string paymentToken, long acceptedTimestamp, string cartId, string email, string orderToken)
{
    readonly ConcurrentDictionary<string, byte> shippedBy = new(StringComparer.Ordinal);

    public string OrderId => orderId;

    public string PaymentToken => paymentToken;

    public long AcceptedTimestamp => acceptedTimestamp;

    public string CartId => cartId;

    public string Email => email;

    /// <summary>The header that opens the order's routes (<c>GET /api/orders/{id}</c>, cancel) to this shopper: its access token.</summary>
    public IReadOnlyDictionary<string, string> OrderAccess { get; } = new Dictionary<string, string>(StringComparer.Ordinal) { [Commerce.Orders.Domain.OrderAccess.TokenHeader] = orderToken };

    /// <summary>The order document of the last view that had one (GET /api/orders/{id} <c>order</c>).</summary>
    public Order? Order { get; set; }

    /// <summary>A chaos shopper ships this order itself (to race a cancel against it); the warehouses' loop leaves it alone.</summary>
    public bool ManualShipping { get; set; }

    /// <summary>Warehouses that sent a <c>shipped</c> confirmation for this order: its goods left them.</summary>
    public IReadOnlyCollection<string> ShippedBy => shippedBy.Keys.ToArray();

    public void Shipped(string warehouseId) => shippedBy.TryAdd(warehouseId, 0);

    public string Status { get; set; } = OrderStatuses.Pending;

    public string? FailureCode { get; set; }

    public double? CompletionMs { get; set; }

    /// <summary>Units per SKU of the order once it stands.</summary>
    public IReadOnlyDictionary<string, long> Units { get; set; } = new Dictionary<string, long>();

    /// <summary>Warehouses the order ships from, once it stands.</summary>
    public IReadOnlyList<string> Warehouses { get; set; } = [];
}

/// <summary>Order statuses as GET /api/orders/{id} spells them, and which of them end a checkout or mean units were sold.</summary>
public static class OrderStatuses
{
    public const string Pending = "pending";
    public const string Failed = "failed";

    /// <summary>The order stands: its units left (or will leave) a warehouse.</summary>
    public static bool IsSold(string status) => status is "paid" or "allocated" or "fulfilling" or "partiallyShipped" or "shipped" or "delivered" or "refunded";

    public static bool IsTerminal(string status) => IsSold(status) || status is Failed or "cancelled";

    /// <summary>
    /// The checkout's saga ended: it failed, or its order stands past the saga's last step (fulfilment requested, or
    /// later: shipped, delivered, refunded, cancelled). Pending, queued, paid and allocated are still in flight.
    /// </summary>
    public static bool SagaEnded(string status) => status is Failed or "cancelled" or "fulfilling" or "partiallyShipped" or "shipped" or "delivered" or "refunded";
}

/// <summary>Every checkout the shoppers started, their outcomes and saga completion latencies (202 → terminal status observed).</summary>
public sealed class CheckoutLedger
{
    readonly ConcurrentDictionary<string, TrackedCheckout> checkouts = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<TrackedCheckout> shippable = new();

    public IReadOnlyCollection<TrackedCheckout> All => checkouts.Values.ToArray();

    public int Count => checkouts.Count;

    /// <summary>Tracks an accepted checkout; the same order id accepted again (a retry, or a second submit answered with the first order) is the same checkout.</summary>
    public TrackedCheckout Accept(string orderId, string paymentToken, string cartId, string email, string orderToken)
        => checkouts.GetOrAdd(orderId, id => new TrackedCheckout(id, paymentToken, Stopwatch.GetTimestamp(), cartId, email, orderToken));

    /// <summary>Applies an order view (GET /api/orders/{id}); the first terminal status fixes the completion latency.</summary>
    public void Observe(TrackedCheckout checkout, OrderView view)
    {
        var status = view.Status ?? OrderStatuses.Pending;
        var wasTerminal = OrderStatuses.IsTerminal(checkout.Status);
        checkout.Status = status;
        if (view.Failure is { } failure)
        {
            checkout.FailureCode = failure.Code;
        }

        if (view.Order is { } order)
        {
            checkout.Order = order;
            checkout.Units = (order.Lines ?? [])
                .GroupBy(l => l.Sku!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Sum(l => (long)(l.Quantity ?? 0)), StringComparer.Ordinal);
            checkout.Warehouses = [.. (order.Shipments ?? []).Select(s => s.WarehouseId!)];
        }

        if (!wasTerminal && OrderStatuses.IsTerminal(status))
        {
            checkout.CompletionMs = Stopwatch.GetElapsedTime(checkout.AcceptedTimestamp).TotalMilliseconds;
            if (OrderStatuses.IsSold(status) && !checkout.ManualShipping)
            {
                shippable.Enqueue(checkout);
            }
        }
    }

    /// <summary>The next standing order for the warehouses to ship, if any.</summary>
    public bool TryTakeShippable(out TrackedCheckout checkout) => shippable.TryDequeue(out checkout!);

    /// <summary>Units sold per SKU: the lines of every order that stands.</summary>
    public IReadOnlyDictionary<string, long> UnitsSold() => checkouts.Values
        .Where(c => OrderStatuses.IsSold(c.Status))
        .SelectMany(c => c.Units)
        .GroupBy(u => u.Key, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Sum(u => u.Value), StringComparer.Ordinal);

    public IReadOnlyList<double> CompletionLatencies() => [.. checkouts.Values.Where(c => c.CompletionMs is not null).Select(c => c.CompletionMs!.Value)];

    public CheckoutSummary Summarise()
    {
        var latencies = CompletionLatencies().Order().ToArray();
        var outcomes = checkouts.Values
            .GroupBy(c => c.Status == OrderStatuses.Failed ? $"failed: {c.FailureCode}" : c.Status, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var byToken = checkouts.Values.GroupBy(c => c.PaymentToken, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        return new CheckoutSummary(checkouts.Count, latencies.Length, Percentiles.Of(latencies, 0.50), Percentiles.Of(latencies, 0.95), Percentiles.Of(latencies, 0.99), outcomes, byToken);
    }
}

/// <summary>Checkouts accepted and completed, saga completion latency, outcomes (failures by code) and the payment token mix.</summary>
public sealed record CheckoutSummary(
    int Accepted,
    int Completed,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    IReadOnlyDictionary<string, int> Outcomes,
    IReadOnlyDictionary<string, int> PaymentTokens);

public static class Percentiles
{
    /// <summary>Nearest-rank percentile of sorted values, rounded to 0.01; 0 for none.</summary>
    public static double Of(double[] sorted, double p)
        => sorted.Length == 0 ? 0 : Math.Round(sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)], 2);
}
