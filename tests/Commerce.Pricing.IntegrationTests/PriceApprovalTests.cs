using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Commerce.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Commerce.Pricing.IntegrationTests;

/// <summary>Costs, guardrails, proposal, approval: an applied price reaches the catalog, a new cart and the order's charged total.</summary>
public sealed class PriceApprovalTests(PricingHost host) : IClassFixture<PricingHost>
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    readonly HttpClient staff = host.CreateStaffClient();

    Task GuardAsync(string sku, string categoryId, string mode = "approval") => host.GuardAsync(sku, categoryId, mode, maxDailyChangeBasisPoints: 2_000);

    async Task<JsonElement> ProposeAsync(string sku, long price, HttpStatusCode expected)
    {
        using var response = await staff.PostAsJsonAsync($"/api/admin/pricing/skus/{sku}/proposals", new { currency = "USD", price, reason = "match the market" }, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(response.StatusCode == expected, body.ToString());
        return body;
    }

    [Fact]
    public async Task An_approved_price_is_what_a_new_cart_is_charged_and_what_the_order_charges()
    {
        var (productId, sku) = await host.NewProductAsync("knitwear", 2_500);
        await GuardAsync(sku, "knitwear");

        var proposal = await ProposeAsync(sku, 2_200, HttpStatusCode.Created);
        Assert.Equal("pending", proposal.GetProperty("status").GetString());
        Assert.Equal(2_500, await host.ProductPriceAsync(staff, productId));

        using var approved = await staff.PostAsync($"/api/admin/pricing/skus/{sku}/proposals/{proposal.GetProperty("id").GetString()}/approve", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("applied", (await approved.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("status").GetString());
        await host.WaitForProductPriceAsync(staff, productId, 2_200);

        // A new cart prices the SKU at the applied price; checkout charges the total the shopper reviewed.
        var (unitPrice, reviewedTotal, order) = await host.BuyAsync(host.CreateClient(), sku, 2);
        Assert.Equal(2_200, unitPrice);
        Assert.Equal(2 * 2_200, order.GetProperty("order").GetProperty("lines")[0].GetProperty("lineTotal").GetProperty("minor").GetInt64());
        Assert.Equal(reviewedTotal, order.GetProperty("order").GetProperty("totals").GetProperty("grandTotal").GetProperty("minor").GetInt64());

        // The change is recorded: who, old, new, reason, when.
        var history = await staff.GetFromJsonAsync<JsonElement>($"/api/admin/pricing/skus/{sku}/history", Cancel);
        var change = Assert.Single(history.EnumerateArray());
        Assert.Equal((2_500, 2_200, "staff-key", "match the market"), (change.GetProperty("oldPrice").GetInt64(), change.GetProperty("newPrice").GetInt64(), change.GetProperty("changedBy").GetString(), change.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task In_an_automatic_category_a_proposal_is_applied_at_once()
    {
        var (productId, sku) = await host.NewProductAsync("socks", 2_000);
        await GuardAsync(sku, "socks", mode: "automatic");

        var proposal = await ProposeAsync(sku, 2_300, HttpStatusCode.OK);

        Assert.Equal("applied", proposal.GetProperty("status").GetString());
        await host.WaitForProductPriceAsync(staff, productId, 2_300);
    }

    [Fact]
    public async Task A_price_outside_the_guardrails_is_refused_with_a_problem_naming_the_rule_and_nothing_changes()
    {
        var (productId, sku) = await host.NewProductAsync("scarves", 2_000);
        await GuardAsync(sku, "scarves", mode: "automatic");

        var problem = await ProposeAsync(sku, 1_199, HttpStatusCode.UnprocessableEntity);
        var tooFast = await ProposeAsync(sku, 2_401, HttpStatusCode.UnprocessableEntity);

        Assert.Equal(("below-floor", "daily-change-exceeded"), (problem.GetProperty("rule").GetString(), tooFast.GetProperty("rule").GetString()));
        Assert.EndsWith("/price-below-floor", problem.GetProperty("type").GetString());
        Assert.Empty((await staff.GetFromJsonAsync<JsonElement>($"/api/admin/pricing/skus/{sku}/history", Cancel)).EnumerateArray());
        Assert.Equal(2_000, await host.ProductPriceAsync(staff, productId));
    }

    [Fact]
    public async Task A_price_does_not_change_while_a_shopper_s_checkout_holds_the_sku()
    {
        var (productId, sku) = await host.NewProductAsync("hats", 2_000);
        await GuardAsync(sku, "hats");
        var proposal = await ProposeAsync(sku, 2_100, HttpStatusCode.Created);
        var inventory = host.Services.GetRequiredService<InventoryService>();
        var warehouses = host.Services.GetRequiredService<IOptions<OrdersOptions>>().Value.EffectiveWarehouses;
        await inventory.ReserveAsync("order-holding", [new AllocationLine(sku, 1)], warehouses, TimeSpan.FromMinutes(10), Cancel);

        using var refused = await staff.PostAsync($"/api/admin/pricing/skus/{sku}/proposals/{proposal.GetProperty("id").GetString()}/approve", null, Cancel);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>(Cancel);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("sku-in-checkout", problem.GetProperty("rule").GetString());
        Assert.Equal(2_000, await host.ProductPriceAsync(staff, productId));

        await inventory.ReleaseAsync("order-holding", [sku], Cancel);
        using var approved = await staff.PostAsync($"/api/admin/pricing/skus/{sku}/proposals/{proposal.GetProperty("id").GetString()}/approve", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        await host.WaitForProductPriceAsync(staff, productId, 2_100);
    }

    [Fact]
    public async Task The_catalog_poisons_an_applied_price_message_for_a_sku_pricing_never_priced_and_changes_nothing()
    {
        var (productId, sku) = await host.NewProductAsync("gloves", 2_000);

        await host.Broker.SendAsync(Commerce.Contracts.AppliedPrice.Queue, sku, Cancel);
        await host.Broker.SendAsync(Commerce.Contracts.AppliedPrice.Queue, "SKU-NOT-IN-CATALOG", Cancel);

        await Eventually.UntilAsync(() => host.Broker.Poisoned.Count(p => p.Queue == Commerce.Contracts.AppliedPrice.Queue && (p.Body == sku || p.Body == "SKU-NOT-IN-CATALOG")) == 2, PricingHost.Deadline, because: "both messages to be poisoned", cancellationToken: Cancel);
        Assert.Contains(host.Broker.Poisoned, p => p.Body == sku && p.Reason.Contains("No applied price", StringComparison.Ordinal));
        Assert.Equal(2_000, await host.ProductPriceAsync(staff, productId));
    }
}
