using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Contracts;
using Commerce.Documents;
using Commerce.Replenishment.Domain;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace Commerce.Analytics.BrowserTests;

/// <summary>
/// The replenishment panel: forecast against actual for one SKU, read from the replenishment app's staff route
/// <c>GET admin/replenishment/{sku}</c> of the same dev host, after a real nightly run over a shipped-units history.
/// </summary>
public sealed partial class DashboardBrowserTests
{
    static readonly string[] PanelWarehouses = ["wh-north", "wh-south"];

    /// <summary>A catalog SKU with 200 days of simulated units shipped per warehouse up to yesterday, bought from "acme" (lead time 5 days).</summary>
    async Task SeedShippedHistoryAsync(string sku, HttpClient staff)
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var start = today.AddDays(-200);
        var store = server.Services.GetRequiredService<IDocumentStore>();
        await store.Container<SkuSnapshot>(SkuSnapshot.Container).UpsertAsync(sku, sku, new SkuSnapshot { Sku = sku, ProductId = "p-" + sku, Name = "Panel " + sku, Status = SkuStatus.Active, Prices = new Dictionary<string, long> { ["USD"] = 2_000 } }, cancellationToken: Cancel);
        var demand = store.Container<DemandRecord>(DemandHistory.Container);
        foreach (var s in DemandSimulation.Generate(new DemandSimulationOptions { Skus = 1, Warehouses = PanelWarehouses, Days = 200, Start = start, Seed = 9 }))
        {
            var days = s.Quantities.Select((q, d) => (Key: DemandHistory.DayKey(start.AddDays(d)), Units: 2 + (int)q)).ToDictionary(x => x.Key, x => x.Units);
            await demand.UpsertAsync(DemandHistory.IdOf(sku, s.Warehouse), DemandPartitions.Of(sku), new DemandRecord { Sku = sku, Warehouse = s.Warehouse, Days = days }, cancellationToken: Cancel);
            (await staff.PutAsJsonAsync($"api/admin/replenishment/suppliers/acme/warehouses/{s.Warehouse}", new { leadTimeDays = 5, reviewDays = 7 }, Cancel)).EnsureSuccessStatusCode();
        }

        (await staff.PutAsJsonAsync($"api/admin/replenishment/skus/{sku}/supplier", new { supplier = "acme" }, Cancel)).EnsureSuccessStatusCode();
    }

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Units per day summed over the warehouses, as the route answers them.</summary>
    static Dictionary<string, double> PerDay(JsonElement answer, string series) => answer.GetProperty("warehouses").EnumerateArray()
        .SelectMany(w => w.GetProperty(series).EnumerateArray())
        .GroupBy(d => d.GetProperty("day").GetString()!)
        .ToDictionary(g => g.Key, g => g.Sum(d => d.GetProperty("units").GetDouble()));

    [Fact]
    public async Task The_replenishment_panel_shows_a_nightly_runs_forecast_against_the_units_shipped_on_the_days_it_covers()
    {
        var sku = "sku-panel-" + Guid.NewGuid().ToString("N")[..6];
        using var staff = new HttpClient { BaseAddress = server.Address };
        staff.DefaultRequestHeaders.Add("x-functions-key", server.AdminKey);
        await SeedShippedHistoryAsync(sku, staff);

        // The run as of eight days ago: its week of forecasts ends yesterday, inside the 28 days of actuals the route reads.
        var durable = server.Services.GetRequiredService<DurableTaskClient>();
        var instance = await durable.ScheduleNewOrchestrationInstanceAsync("NightlyReplenishmentRun", new Commerce.Replenishment.ReplenishmentRunRequest(DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-8)), Cancel);
        var run = await durable.WaitForInstanceCompletionAsync(instance, getInputsAndOutputs: false, Cancel);
        Assert.True(run.RuntimeStatus == OrchestrationRuntimeStatus.Completed, run.FailureDetails?.ErrorMessage);
        var answer = await staff.GetFromJsonAsync<JsonElement>($"api/admin/replenishment/{sku}", Cancel);
        var (forecast, actual) = (PerDay(answer, "forecast"), PerDay(answer, "actuals"));
        var both = forecast.Keys.Where(actual.ContainsKey).ToList();
        string Sum(Dictionary<string, double> units) => both.Sum(d => units[d]).ToString("F1", CultureInfo.InvariantCulture);

        var page = await browser.NewPageAsync();
        var asked = new List<(string Path, string? Key)>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/api/admin/replenishment/", StringComparison.Ordinal))
            {
                asked.Add((new Uri(request.Url).AbsolutePath, request.Headers.GetValueOrDefault("x-functions-key")));
            }
        };
        await page.GotoAsync(new Uri(server.Address, "api/analytics/dashboard?code=" + Uri.EscapeDataString(server.AdminKey)).ToString());

        await page.Locator("#replenishment-sku").FillAsync("sku-unplanned");
        await page.Locator("#replenishment-form button").ClickAsync();
        await Expect(page.Locator("#replenishment-summary")).ToHaveTextAsync("sku-unplanned: replenishment knows nothing of this SKU yet");

        await page.Locator("#replenishment-sku").FillAsync(sku);
        await page.Locator("#replenishment-form button").ClickAsync();

        Assert.Equal(7, both.Count);
        Assert.Equal(28, actual.Count);
        await Expect(page.Locator("#replenishment-summary")).ToHaveTextAsync($"{sku}: forecast {Sum(forecast)} vs actual {Sum(actual)} units over 7 day(s) both cover");
        await Expect(page.Locator("#replenishment-chart polyline[data-series=actual]")).ToHaveAttributeAsync("data-days", "28");
        await Expect(page.Locator("#replenishment-chart polyline[data-series=forecast]")).ToHaveAttributeAsync("data-days", "7");
        await Expect(page.Locator("#replenishment-chart")).ToContainTextAsync(actual.Keys.Min()!);
        Assert.Equal(["/api/admin/replenishment/sku-unplanned", $"/api/admin/replenishment/{sku}"], asked.Select(a => a.Path));
        Assert.All(asked, a => Assert.Equal(server.AdminKey, a.Key));
    }
}
