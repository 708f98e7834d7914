using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Commerce.Orders.IntegrationTests;

/// <summary>The dev host with real carts and the two stores of <see cref="StoresOrdersHost"/>: one sells online, one only at its tills.</summary>
public sealed class StoresRealCartsHost : RealCartsHost
{
    protected override IReadOnlyDictionary<string, string?> Settings => StoresOrdersHost.Stores;
}

/// <summary>What the storefront is told is in stock, against what checkout can allocate, when stores keep stock too.</summary>
public sealed class StorefrontStockTests(StoresRealCartsHost host) : IClassFixture<StoresRealCartsHost>
{
    readonly HttpClient http = host.CreateShopperClient();

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_cart_line_counts_as_available_only_units_checkout_can_allocate_not_a_till_only_stores()
    {
        var sku = await host.SellableSkuAsync(2_500, ("wh-east", 1), (StoresOrdersHost.Online, 2), (StoresOrdersHost.TillOnly, 5));

        using var created = await http.PostAsJsonAsync("/api/carts", new { currency = "USD" }, Cancel);
        var cart = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        using var add = new HttpRequestMessage(HttpMethod.Post, $"/api/carts/{cart.GetProperty("cartId").GetString()}/items") { Content = JsonContent.Create(new { sku, quantity = 4 }) };
        add.Headers.Add("X-Cart-Token", cart.GetProperty("cartToken").GetString());
        add.Headers.IfMatch.Add(created.Headers.ETag!);
        using var added = await http.SendAsync(add, Cancel);

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var line = Assert.Single((await added.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("lines").EnumerateArray());
        Assert.Equal((3L, "outOfStock"), (line.GetProperty("available").GetInt64(), line.GetProperty("status").GetString()));
    }
}
