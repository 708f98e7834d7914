using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Documents;
using Commerce.Pricing.Domain;
using Commerce.Pricing.UnitTests;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Pricing.IntegrationTests;

/// <summary>The pricing run orchestration on the dev host's durable engine: per category, competitor prices become proposals clamped by the guardrails.</summary>
public sealed class PricingRunTests(PricingHost host) : IClassFixture<PricingHost>
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    readonly HttpClient staff = host.CreateStaffClient();

    async Task<string> PricedSkuAsync(string categoryId, string mode, long competitorPrice)
    {
        var (_, sku) = await host.NewProductAsync(categoryId, 2_000);
        await host.GuardAsync(sku, categoryId, mode, maxDailyChangeBasisPoints: 1_000);
        var recorded = await host.Services.GetRequiredService<CompetitorPrices>().ReceiveAsync(
            JsonSerializer.Serialize(new { sku, competitor = "rival", price = competitorPrice, currency = "USD", observedAt = DateTimeOffset.UtcNow }, CommerceJson.Options), Cancel);
        Assert.Equal(CompetitorPriceOutcome.Recorded, recorded);
        return sku;
    }

    [Fact]
    public async Task A_pricing_run_proposes_the_competitor_price_clamped_by_the_guardrails_per_category()
    {
        var automatic = await PricedSkuAsync("run-auto-" + Guid.NewGuid().ToString("N")[..6], "automatic", competitorPrice: 1_900);
        var clamped = await PricedSkuAsync("run-approve-" + Guid.NewGuid().ToString("N")[..6], "approval", competitorPrice: 1_500);
        var durable = host.Services.GetRequiredService<DurableTaskClient>();

        var instanceId = await durable.ScheduleNewOrchestrationInstanceAsync("PricingRun", cancellation: Cancel);
        var run = await durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, Cancel);

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        // Automatic category: the competitor's 19.00 is within the guardrails and applied at once, by the run.
        var history = await staff.GetFromJsonAsync<JsonElement>($"/api/admin/pricing/skus/{automatic}/history", Cancel);
        var change = Assert.Single(history.EnumerateArray());
        Assert.Equal((1_900, PricingRunRule.Actor), (change.GetProperty("newPrice").GetInt64(), change.GetProperty("changedBy").GetString()));
        // Approval category: 15.00 would move 25 % in a day; the run proposes 18.00 (the 10 % band) and waits for approval.
        var pending = await staff.GetFromJsonAsync<JsonElement>($"/api/admin/pricing/skus/{clamped}/proposals", Cancel);
        var proposal = Assert.Single(pending.EnumerateArray());
        Assert.Equal((1_800, PricingRunRule.Actor), (proposal.GetProperty("price").GetInt64(), proposal.GetProperty("proposedBy").GetString()));
        Assert.Empty((await staff.GetFromJsonAsync<JsonElement>($"/api/admin/pricing/skus/{clamped}/history", Cancel)).EnumerateArray());
    }

    [Fact]
    public async Task A_pricing_run_trains_the_categorys_price_model_on_its_history_and_proposes_margin_maximizing_prices()
    {
        var category = "run-model-" + Guid.NewGuid().ToString("N")[..6];
        var market = new PriceSensitiveMarket(seed: 11, new Dictionary<string, double> { [category] = -2.5 }, skusPerCategory: 8);
        await market.SeedAsync(host.Services.GetRequiredService<IDocumentStore>(), days: 56, ApprovalMode.Approval, Cancel);
        var durable = host.Services.GetRequiredService<DurableTaskClient>();

        var instanceId = await durable.ScheduleNewOrchestrationInstanceAsync("PricingRun", cancellation: Cancel);
        var run = await durable.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, Cancel);

        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        var model = await host.Services.GetRequiredService<PriceModels>().CurrentAsync(category, Cancel);
        Assert.NotNull(model);
        Assert.InRange(model.Elasticity, -3.0, -2.0);
        var (proposed, oracle) = (0.0, 0.0);
        foreach (var product in market.Products)
        {
            // Approval mode: each SKU's proposal waits, and its price has not changed.
            var pending = await staff.GetFromJsonAsync<JsonElement>($"/api/admin/pricing/skus/{product.Sku}/proposals", Cancel);
            var proposal = Assert.Single(pending.EnumerateArray());
            Assert.Equal(PricingRunRule.Actor, proposal.GetProperty("proposedBy").GetString());
            Assert.Contains("price model", proposal.GetProperty("reason").GetString(), StringComparison.Ordinal);
            proposed += product.ExpectedMargin(proposal.GetProperty("price").GetInt64());
            oracle += product.ExpectedMargin(product.OraclePrice);
        }

        Assert.True(proposed >= 0.95 * oracle, $"proposed/oracle {proposed / oracle:P1}");
    }
}
