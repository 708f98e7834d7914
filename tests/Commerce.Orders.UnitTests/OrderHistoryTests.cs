using System.Text.Json;
using Commerce.Cart.Auth;
using Commerce.Contracts;
using Commerce.Documents;
using Commerce.Documents.Sqlite;
using Commerce.Orders.Domain;
using Commerce.Orders.Ordering;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Commerce.Orders.UnitTests;

public sealed class OrderHistoryTests : IDisposable
{
    static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    readonly string dataPath = Path.Combine(Path.GetTempPath(), "commerce-order-history-tests", Guid.NewGuid().ToString("N"));
    readonly SqliteDocumentStore store;
    readonly OrderHistory history;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public OrderHistoryTests()
    {
        store = new SqliteDocumentStore(dataPath);
        history = new OrderHistory(store);
    }

    public void Dispose()
    {
        store.Dispose();
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    internal static Order NewOrder(string id, string? customerId, DateTimeOffset created, params int[] quantities) => new()
    {
        Id = id,
        Status = OrderStatus.Allocated,
        CartId = "cart-" + id,
        Email = "c@example.com",
        CustomerId = customerId,
        Currency = "USD",
        Lines = [.. quantities.Select((q, i) => new OrderLine($"sku-{i}", q, Money.Of(1000, "USD"), Money.Of(1000L * q, "USD")))],
        Totals = new OrderTotals(Money.Zero("USD"), Money.Zero("USD"), Money.Of(500, "USD"), Money.Of(500 + (1000L * quantities.Sum()), "USD")),
        ShippingAddress = new ShippingAddress("C", "1 St", null, "City", null, "1", "US"),
        Shipments = [],
        Payment = new OrderPayment("auth", PaymentState.Captured, Money.Of(500 + (1000L * quantities.Sum()), "USD")),
        Timeline = [new OrderEvent(created, OrderStatus.Pending), new OrderEvent(created, OrderStatus.Paid), new OrderEvent(created, OrderStatus.Allocated)],
    };

    [Fact]
    public async Task A_customer_order_is_summarised_with_its_total_item_count_status_and_creation_time()
    {
        await history.RecordAsync(NewOrder("ord_a1", "cust-1", Start, 2, 3), Ct);

        var entry = Assert.Single((await history.PageAsync("cust-1", 10, null, Ct)).Items).Value;

        Assert.Equal(new CustomerOrderSummary("ord_a1", "cust-1", Start, OrderStatus.Allocated, Money.Of(5500, "USD"), 5, 3), entry);
    }

    [Fact]
    public async Task Guest_orders_have_no_history_entry()
    {
        Assert.Null(CustomerOrderSummary.Of(NewOrder("ord_b1", null, Start, 1)));
        await history.RecordAsync(NewOrder("ord_b1", null, Start, 1), Ct);
        await history.RecordAsync(NewOrder("ord_b2", "", Start, 1), Ct);

        Assert.Empty((await store.Container<CustomerOrderSummary>(CustomerOrderSummary.Container).QueryAsync("", cancellationToken: Ct)).Items);
    }

    [Fact]
    public async Task A_status_change_updates_the_entry_and_a_late_older_write_does_not_undo_it()
    {
        var order = NewOrder("ord_c1", "cust-1", Start, 1);
        var shipped = OrderStateMachine.Transition(OrderStateMachine.Transition(order, OrderStatus.Fulfilling, Start.AddMinutes(1)), OrderStatus.Shipped, Start.AddMinutes(2));
        await history.RecordAsync(order, Ct);
        await history.RecordAsync(shipped, Ct);
        await history.RecordAsync(order, Ct);

        Assert.Equal(OrderStatus.Shipped, Assert.Single((await history.PageAsync("cust-1", 10, null, Ct)).Items).Value.Status);
    }

    [Fact]
    public async Task Pages_list_only_the_customers_orders_newest_first_each_once()
    {
        for (var i = 0; i < 7; i++)
        {
            await history.RecordAsync(NewOrder($"ord_d{i}", "cust-1", Start.AddMinutes(i).AddMilliseconds(i * 7), 1), Ct);
        }

        await history.RecordAsync(NewOrder("ord_e0", "cust-2", Start.AddHours(1), 1), Ct);
        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = await history.PageAsync("cust-1", 3, continuation, Ct);
            Assert.InRange(page.Items.Count, 1, 3);
            seen.AddRange(page.Items.Select(i => i.Id));
            continuation = page.ContinuationToken;
            pages++;
        }
        while (continuation is not null && pages < 10);

        Assert.Equal(Enumerable.Range(0, 7).Reverse().Select(i => $"ord_d{i}"), seen);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(OrderHistory.MaxPageSize + 1)]
    public async Task A_page_size_out_of_range_is_rejected(int pageSize)
        => await Assert.ThrowsAnyAsync<ArgumentException>(() => history.PageAsync("cust-1", pageSize, null, Ct));

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    public async Task A_continuation_the_query_did_not_issue_is_rejected(string continuation)
        => await Assert.ThrowsAnyAsync<ArgumentException>(() => history.PageAsync("cust-1", 5, continuation, Ct));

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer forged")]
    public async Task The_endpoint_answers_401_without_a_valid_customer_token(string? authorization)
    {
        var result = await Endpoint(authorization is null ? CustomerAuthStatus.Anonymous : CustomerAuthStatus.Invalid).GetCustomerOrders(Request(authorization, ""), Ct);

        Assert.Equal(StatusCodes.Status401Unauthorized, Assert.IsType<ObjectResult>(result).StatusCode);
    }

    [Theory]
    [InlineData("?pageSize=0")]
    [InlineData("?pageSize=101")]
    [InlineData("?pageSize=-1")]
    [InlineData("?pageSize=ten")]
    [InlineData("?pageSize=99999999999999")]
    [InlineData("?pageSize=2&pageSize=3")]
    public async Task The_endpoint_answers_400_for_a_malformed_page_size(string query)
    {
        var result = await Endpoint(CustomerAuthStatus.Authenticated).GetCustomerOrders(Request("Bearer ok", query), Ct);

        var problem = Assert.IsType<ObjectResult>(result);
        Assert.Equal(StatusCodes.Status400BadRequest, problem.StatusCode);
        Assert.IsType<ProblemDetails>(problem.Value, exactMatch: false);
    }

    [Theory]
    [InlineData("?continuation=garbage")]
    [InlineData("?continuation=")]
    public async Task The_endpoint_answers_422_unknown_continuation_for_a_continuation_it_did_not_hand_out(string query)
    {
        var result = await Endpoint(CustomerAuthStatus.Authenticated).GetCustomerOrders(Request("Bearer ok", query), Ct);

        var problem = Assert.IsType<ObjectResult>(result);
        Assert.Equal(StatusCodes.Status422UnprocessableEntity, problem.StatusCode);
        Assert.EndsWith("/unknown-continuation", Assert.IsType<ProblemDetails>(problem.Value, exactMatch: false).Type, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_endpoint_pages_the_signed_in_customers_orders()
    {
        await history.RecordAsync(NewOrder("ord_f1", "cust-1", Start, 1), Ct);
        await history.RecordAsync(NewOrder("ord_f2", "cust-1", Start.AddMinutes(1), 2, 2), Ct);
        await history.RecordAsync(NewOrder("ord_f3", "cust-9", Start.AddMinutes(2), 1), Ct);
        var endpoint = Endpoint(CustomerAuthStatus.Authenticated);

        var first = Assert.IsType<OrderHistoryPage>(Assert.IsType<OkObjectResult>(await endpoint.GetCustomerOrders(Request("Bearer ok", "?pageSize=1"), Ct)).Value);
        var second = Assert.IsType<OrderHistoryPage>(Assert.IsType<OkObjectResult>(await endpoint.GetCustomerOrders(Request("Bearer ok", "?pageSize=1&continuation=" + Uri.EscapeDataString(first.Continuation!)), Ct)).Value);

        Assert.Equal(new OrderSummaryView("ord_f2", Start.AddMinutes(1), OrderStatus.Allocated, Money.Of(4500, "USD"), 4), Assert.Single(first.Items));
        Assert.Equal("ord_f1", Assert.Single(second.Items).Id);
        Assert.Contains("\"status\":\"allocated\"", JsonSerializer.Serialize(first, CommerceJson.Options), StringComparison.Ordinal);
    }

    OrderHistoryFunction Endpoint(CustomerAuthStatus status)
    {
        var tokens = new Mock<ICustomerTokenValidator>();
        tokens.Setup(t => t.ValidateAsync(It.IsAny<string?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new CustomerAuthResult(status, status == CustomerAuthStatus.Authenticated ? "cust-1" : null));
        return new OrderHistoryFunction(history, tokens.Object, NullLogger<OrderHistoryFunction>.Instance);
    }

    static HttpRequest Request(string? authorization, string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query.Length == 0 ? null : query);
        if (authorization is not null)
        {
            context.Request.Headers.Authorization = authorization;
        }

        return context.Request;
    }
}
