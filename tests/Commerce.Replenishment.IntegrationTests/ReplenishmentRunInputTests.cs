using Commerce.Documents;
using Commerce.Replenishment.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Replenishment.IntegrationTests;

/// <summary>Runs on their own dev host each (a run plans every SKU in the store, so these do not share one with other runs).</summary>
public sealed class ReplenishmentRunInputTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_run_started_with_an_earlier_origin_written_in_camel_case_plans_as_of_that_day()
    {
        await using var host = new RecordedOrdersHost();
        var prefix = await ReplenishmentRunTests.SeedAsync(host);
        var origin = ReplenishmentRunTests.Origin.AddDays(-10);

        var run = await ReplenishmentRunTests.RunAsync(host, new { origin });

        Assert.Equal(origin, run.Origin);
        var plan = await host.Services.GetRequiredService<IDocumentStore>().Container<StoredPlan>(ReplenishmentRuns.PlanContainer)
            .ReadAsync("wh-north", ReplenishmentRunTests.SkuName(prefix, 1), Cancel);
        Assert.Equal(origin, plan!.Value.Origin);
    }

    [Fact]
    public async Task An_order_not_received_by_the_end_of_its_lead_time_stays_on_order_and_is_not_suggested_again()
    {
        await using var host = new RecordedOrdersHost();
        var prefix = await ReplenishmentRunTests.SeedAsync(host);
        var day = ReplenishmentRunTests.Origin.AddDays(1);
        var suggestions = host.Services.GetRequiredService<IDocumentStore>().Container<Suggestion>(ReplenishmentRuns.SuggestionContainer);

        // A week ago (the lead time is 5 days) every SKU × warehouse was ordered far above its order-up-to level; nothing has arrived.
        for (var k = 0; k < ReplenishmentRunTests.Skus; k++)
        {
            foreach (var warehouse in ReplenishmentRunTests.Warehouses)
            {
                var sku = ReplenishmentRunTests.SkuName(prefix, k);
                await suggestions.UpsertAsync(ReplenishmentRuns.SuggestionId(day.AddDays(-7), warehouse), sku, new Suggestion
                {
                    Sku = sku,
                    Warehouse = warehouse,
                    Day = day.AddDays(-7),
                    RunId = "a-week-ago",
                    Supplier = "acme",
                    PurchaseQuantity = 100_000,
                    Sent = true,
                }, cancellationToken: Cancel);
            }
        }

        var run = await ReplenishmentRunTests.RunAsync(host, new { origin = ReplenishmentRunTests.Origin });

        Assert.Equal((0, 0), (run.PurchaseOrders, run.Transfers));
        Assert.Empty(host.Sent);
    }
}
