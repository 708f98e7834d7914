using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Orders.Domain;

/// <summary>
/// One entry of a customer's order history (container <see cref="Container"/>, pk = customer id, id = order id): a
/// projection of the order, written by <see cref="OrderService"/> whenever the order is created or changes.
/// <see cref="Version"/> (the order's timeline length, which only grows) keeps a late write from undoing a newer one.
/// </summary>
public sealed record CustomerOrderSummary(string Id, string CustomerId, DateTimeOffset Created, OrderStatus Status, Money Total, int ItemCount, int Version)
{
    public const string Container = "customer-orders";

    public static CustomerOrderSummary? Of(Order order)
        => order.CustomerId is { Length: > 0 } customer
            ? new(order.Id, customer, order.Timeline.Count > 0 ? order.Timeline[0].At : default, order.Status, order.Totals.GrandTotal, order.Lines.Sum(l => l.Quantity), order.Timeline.Count)
            : null;
}

/// <summary>A customer's orders, newest first: one single-partition query per page over <see cref="CustomerOrderSummary"/>.</summary>
public sealed class OrderHistory(IDocumentStore store)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <summary>Longest continuation token accepted back from a client.</summary>
    public const int MaxContinuationLength = 4096;

    IDocumentContainer<CustomerOrderSummary> Summaries => store.Container<CustomerOrderSummary>(CustomerOrderSummary.Container);

    /// <summary>Writes the order's summary unless a newer one is stored; guest orders (no customer) have none.</summary>
    public async Task RecordAsync(Order order, CancellationToken cancellationToken = default)
    {
        if (CustomerOrderSummary.Of(order) is not { } summary)
        {
            return;
        }

        await Summaries.UpdateAsync(summary.Id, summary.CustomerId, stored => stored is null || stored.Version <= summary.Version ? summary : stored, cancellationToken: cancellationToken);
    }

    /// <summary>
    /// One page of <paramref name="customerId"/>'s orders, newest first. Throws <see cref="ArgumentException"/> for a page
    /// size outside 1..<see cref="MaxPageSize"/> or a continuation token this query did not issue.
    /// </summary>
    public async Task<DocumentPage<CustomerOrderSummary>> PageAsync(string customerId, int pageSize, string? continuation, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(customerId);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        if (continuation is { Length: 0 or > MaxContinuationLength })
        {
            throw new ArgumentException("The continuation token is not valid.", nameof(continuation));
        }

        return await Summaries.QueryAsync(customerId, new DocumentQuery
        {
            OrderBy = "created",
            Descending = true,
            PageSize = pageSize,
            ContinuationToken = continuation,
        }, cancellationToken);
    }
}
