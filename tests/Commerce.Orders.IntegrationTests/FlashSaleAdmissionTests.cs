using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Orders.Checkout;
using Commerce.Orders.Domain;
using Microsoft.AspNetCore.Hosting;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Orders.IntegrationTests;

/// <summary>The dev host with flash-sale protection at a tiny backlog limit, so a burst of checkouts must queue.</summary>
public sealed class FlashSaleHost : OrdersHost
{
    public const int BacklogLimit = 5;

    public CheckoutGate Gate => Services.GetRequiredService<CheckoutGate>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Orders:CheckoutBacklogLimit", BacklogLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orders:PaymentActionTimeout", "00:00:05");
    }

    /// <summary>Fills the backlog with sagas waiting for a customer's payment action, which hold it full until they time out.</summary>
    public async Task FillBacklogAsync(HttpClient http, string sku)
    {
        var holders = await Task.WhenAll(Enumerable.Range(0, BacklogLimit).Select(_ => StartCheckoutAsync(http, SimulatedPaymentGateway.RequiresAction, (sku, 1))));
        await Task.WhenAll(holders.Select(id => WaitForOrderAsync(http, id, o => o.TryGetProperty("stage", out var stage) && stage.GetString() == "awaiting_payment_action")));
    }
}

/// <summary>Flash-sale protection: past the saga backlog limit checkout still answers 202, and queued checkouts start in arrival order.</summary>
public sealed class FlashSaleAdmissionTests(FlashSaleHost host) : IClassFixture<FlashSaleHost>
{
    readonly HttpClient http = host.CreateShopperClient();

    [Fact]
    public async Task Sixty_concurrent_checkouts_past_a_backlog_of_five_are_all_accepted_queued_ones_start_in_arrival_order_and_all_complete()
    {
        var ct = TestContext.Current.CancellationToken;
        var sku = "flashq-" + Guid.NewGuid().ToString("N")[..8];
        await host.SeedAsync(sku, ("wh-east", 1000));
        await host.FillBacklogAsync(http, sku);
        var requests = Enumerable.Range(0, 60).Select(_ => (Key: Guid.NewGuid().ToString(), Cart: host.PutCart((sku, 1)))).ToList();

        var responses = await Task.WhenAll(requests.Select(r => OrdersHost.CheckoutAsync(http, r.Key, OrdersHost.Body(r.Cart.CartId, r.Cart.Token))));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var accepted = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>(ct)));
        var orderIds = accepted.Select(a => a.GetProperty("orderId").GetString()!).ToList();
        Assert.Equal(60, orderIds.Distinct().Count());
        var queued = accepted.Where(a => a.GetProperty("status").GetString() == "queued").Select(a => a.GetProperty("orderId").GetString()!).ToHashSet();
        Assert.NotEmpty(queued);

        // While (or after) waiting, the same key is the same order and a different body is refused.
        var (lastKey, lastCart) = requests[orderIds.IndexOf(queued.Last())];
        using (var again = await OrdersHost.CheckoutAsync(http, lastKey, OrdersHost.Body(lastCart.CartId, lastCart.Token)))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
            Assert.Equal(queued.Last(), (await again.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("orderId").GetString());
        }

        using (var different = await OrdersHost.CheckoutAsync(http, lastKey, OrdersHost.Body(lastCart.CartId, lastCart.Token, SimulatedPaymentGateway.Decline)))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, different.StatusCode);
        }

        var outcomes = await Task.WhenAll(orderIds.Select(id => OrdersHost.WaitForOutcomeAsync(http, id)));
        Assert.All(outcomes, o => Assert.Equal("fulfilling", o.GetProperty("status").GetString()));
        var stock = await host.StockAsync(sku);
        Assert.Equal(940, stock.OnHand); // the backlog holders timed out and released theirs
        Assert.All(stock.Holds, h => Assert.Equal(HoldState.Committed, h.State)); // sold: committed until the warehouse confirms the shipment

        // Every queued checkout was started from the lane, once, oldest arrival first.
        var drained = host.Gate.Drained.Where(queued.Contains).ToList();
        Assert.Equal(queued.Order(), drained.Order());
        var checkoutRequests = host.Services.GetRequiredService<CheckoutRequests>();
        var arrivals = new List<DateTimeOffset>();
        var starts = new List<DateTime>();
        var durable = host.Services.GetRequiredService<DurableTaskClient>();
        foreach (var id in drained)
        {
            arrivals.Add((await checkoutRequests.GetAsync(id, ct))!.ReceivedAt);
            starts.Add((await durable.GetInstanceAsync(id, ct))!.CreatedAt.UtcDateTime);
        }

        Assert.Equal(arrivals.Order(), arrivals);
        Assert.Equal(starts.Order(), starts);
    }

    [Fact]
    public async Task A_queued_checkout_reports_queued_until_its_saga_starts()
    {
        var ct = TestContext.Current.CancellationToken;
        var sku = "flashs-" + Guid.NewGuid().ToString("N")[..8];
        await host.SeedAsync(sku, ("wh-west", 100));

        await host.FillBacklogAsync(http, sku);

        var (cartId, token) = host.PutCart((sku, 1));
        using var response = await OrdersHost.CheckoutAsync(http, Guid.NewGuid().ToString(), OrdersHost.Body(cartId, token));
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("queued", body.GetProperty("status").GetString());
        var orderId = body.GetProperty("orderId").GetString()!;
        using (var status = await http.GetAsync($"/api/orders/{orderId}", ct))
        {
            Assert.Equal("queued", (await status.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("status").GetString());
        }

        var order = await OrdersHost.WaitForOutcomeAsync(http, orderId);
        Assert.Equal("fulfilling", order.GetProperty("status").GetString());
    }
}
