using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Commerce.Documents;
using Commerce.Orders.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Orders.IntegrationTests;

/// <summary>Issue 14: the checkout's payment token is never stored in plain text, not even while the checkout waits in the lane.</summary>
public sealed class TokensAtRestTests(FlashSaleHost host) : IClassFixture<FlashSaleHost>
{
    readonly HttpClient http = host.CreateShopperClient();

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_queued_checkout_keeps_no_plaintext_payment_token_in_the_lane_or_the_in_flight_register()
    {
        var sku = "at-rest-" + Guid.NewGuid().ToString("N")[..8];
        await host.SeedAsync(sku, ("wh-east", 100));
        await host.FillBacklogAsync(http, sku);
        var (cartId, cartToken) = host.PutCart((sku, 1));

        using var response = await OrdersHost.CheckoutAsync(http, Guid.NewGuid().ToString(), OrdersHost.Body(cartId, cartToken));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("queued", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("status").GetString());
        var lane = await host.Services.GetRequiredService<IDocumentStore>().Container<QueuedCheckout>(QueuedCheckout.Container)
            .QueryAsync(CheckoutAdmissionLane.Partition, cancellationToken: Cancel);
        var inFlight = new List<QueuedCheckout>();
        await foreach (var entry in host.Services.GetRequiredService<CheckoutsInFlight>().AllAsync(Cancel))
        {
            inFlight.Add(entry);
        }

        Assert.NotEmpty(lane.Items);
        Assert.NotEmpty(inFlight);
        var stored = JsonSerializer.Serialize(new { lane = lane.Items.Select(d => d.Value), inFlight }, CommerceJson.Options);
        Assert.DoesNotContain("tok_", stored, StringComparison.Ordinal);
        Assert.DoesNotContain(cartToken, stored, StringComparison.Ordinal);
    }
}
