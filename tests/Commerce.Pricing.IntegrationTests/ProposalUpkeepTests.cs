using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Pricing.Domain;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Pricing.IntegrationTests;

/// <summary>What pricing keeps tidy between runs: one pending run proposal per SKU and currency, and the category index following the catalog.</summary>
public sealed class ProposalUpkeepTests(PricingHost host) : IClassFixture<PricingHost>
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    readonly HttpClient staff = host.CreateStaffClient();

    async Task CompetitorAsync(string sku, long price)
    {
        var recorded = await host.Services.GetRequiredService<CompetitorPrices>().ReceiveAsync(
            JsonSerializer.Serialize(new { sku, competitor = "rival", price, currency = "USD", observedAt = DateTimeOffset.UtcNow }, CommerceJson.Options), Cancel);
        Assert.Equal(CompetitorPriceOutcome.Recorded, recorded);
    }

    async Task RunAsync()
    {
        var durable = host.Services.GetRequiredService<DurableTaskClient>();
        var instanceId = await durable.ScheduleNewOrchestrationInstanceAsync("PricingRun", cancellation: Cancel);
        var run = await durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, Cancel);
        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
    }

    async Task<JsonElement[]> PendingAsync(string sku)
        => [.. (await staff.GetFromJsonAsync<JsonElement>($"/api/admin/pricing/skus/{sku}/proposals", Cancel)).EnumerateArray()];

    [Fact]
    public async Task A_new_run_supersedes_the_sku_s_older_pending_run_proposal_which_can_no_longer_be_approved()
    {
        var category = "supersede-" + Guid.NewGuid().ToString("N")[..6];
        var (_, sku) = await host.NewProductAsync(category, 2_000);
        await host.GuardAsync(sku, category, "approval", maxDailyChangeBasisPoints: 1_000);
        await CompetitorAsync(sku, 1_500);
        using var byStaff = await staff.PostAsJsonAsync($"/api/admin/pricing/skus/{sku}/proposals", new { currency = "USD", price = 2_100, reason = "a person's idea" }, Cancel);
        Assert.Equal(HttpStatusCode.Created, byStaff.StatusCode);

        await RunAsync();
        var first = Assert.Single(await PendingAsync(sku), p => p.GetProperty("proposedBy").GetString() == PricingRunRule.Actor).GetProperty("id").GetString();
        await CompetitorAsync(sku, 1_900);
        await RunAsync();

        // One run proposal waits (the newest run's), beside the staff member's, which a run never withdraws.
        var pending = await PendingAsync(sku);
        var newest = Assert.Single(pending, p => p.GetProperty("proposedBy").GetString() == PricingRunRule.Actor);
        Assert.NotEqual(first, newest.GetProperty("id").GetString());
        Assert.Equal(1_900, newest.GetProperty("price").GetInt64());
        Assert.Single(pending, p => p.GetProperty("proposedBy").GetString() == "staff-key");

        using var stale = await staff.PostAsync($"/api/admin/pricing/skus/{sku}/proposals/{first}/approve", null, Cancel);
        var problem = await stale.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal(Problems.ContentType, stale.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("/proposal-not-pending", problem.GetProperty("type").GetString());
        Assert.Contains("superseded", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty((await staff.GetFromJsonAsync<JsonElement>($"/api/admin/pricing/skus/{sku}/history", Cancel)).EnumerateArray());
    }

    [Fact]
    public async Task A_sku_moved_to_another_category_in_the_catalog_is_priced_with_its_new_category_and_not_its_old_one()
    {
        var (from, to) = ("moved-from-" + Guid.NewGuid().ToString("N")[..6], "moved-to-" + Guid.NewGuid().ToString("N")[..6]);
        var (productId, sku) = await host.NewProductAsync(from, 2_000);
        await host.GuardAsync(sku, from, "approval", maxDailyChangeBasisPoints: 1_000);
        using var toCategory = await staff.PutAsJsonAsync($"/api/admin/categories/{to}", new { name = "Category " + to }, Cancel);
        using var guard = await staff.PutAsJsonAsync($"/api/admin/pricing/categories/{to}", new { minMarginBasisPoints = 2_000, maxDailyChangeBasisPoints = 1_000, mode = "automatic" }, Cancel);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (toCategory.StatusCode, guard.StatusCode));

        // The catalog moves the product; pricing is not told, it finds out.
        using var moved = await staff.PatchAsync($"/api/admin/products/{productId}", JsonContent.Create(new { categoryId = to }), Cancel);
        Assert.True(moved.IsSuccessStatusCode, await moved.Content.ReadAsStringAsync(Cancel));
        await CompetitorAsync(sku, 1_900);
        var runs = host.Services.GetRequiredService<PricingRuns>();

        var old = await runs.ProposeAsync(from, "run-old", Cancel);
        var now = await runs.ProposeAsync(to, "run-new", Cancel);

        Assert.Equal((0, 1, 1), (old.Skus, now.Skus, now.Proposed));
        var change = Assert.Single((await staff.GetFromJsonAsync<JsonElement>($"/api/admin/pricing/skus/{sku}/history", Cancel)).EnumerateArray());
        Assert.Equal((1_900, PricingRunRule.Actor), (change.GetProperty("newPrice").GetInt64(), change.GetProperty("changedBy").GetString()));
    }
}
