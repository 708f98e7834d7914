using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Commerce.Analytics.BrowserTests;

/// <summary>
/// The replenishment panel: forecast against actual for one SKU, read from the replenishment app's staff route
/// <c>GET admin/replenishment/{sku}</c>. The route's answer is seeded at the browser's network layer (the replenishment
/// app is not part of this branch's dev host), in the route's published shape.
/// </summary>
public sealed partial class DashboardBrowserTests
{
    [Fact]
    public async Task The_replenishment_panel_shows_a_skus_seeded_forecast_against_its_actual_units()
    {
        var asked = new List<(string Url, string? Key)>();
        static object Days(params (string Day, double Units)[] days) => days.Select(d => new { day = d.Day, units = d.Units }).ToArray();
        var answer = JsonSerializer.Serialize(new
        {
            sku = "sku-forecast",
            warehouses = new object[]
            {
                new { warehouse = "wh-east", actuals = Days(("2026-11-27", 4), ("2026-11-28", 6), ("2026-11-29", 5)), forecast = Days(("2026-11-28", 5.5), ("2026-11-29", 4.5), ("2026-11-30", 5)), reorderPoint = 12, orderUpTo = 30, openOrders = Array.Empty<object>() },
                new { warehouse = "wh-west", actuals = Days(("2026-11-28", 2), ("2026-11-29", 1)), forecast = Days(("2026-11-28", 1.5), ("2026-11-29", 1.25), ("2026-11-30", 2)), reorderPoint = 4, orderUpTo = 9, openOrders = Array.Empty<object>() },
            },
        });
        var page = await browser.NewPageAsync();
        await page.RouteAsync("**/api/admin/replenishment/**", async route =>
        {
            asked.Add((route.Request.Url, (await route.Request.AllHeadersAsync()).GetValueOrDefault("x-functions-key")));
            await (route.Request.Url.EndsWith("/sku-forecast", StringComparison.Ordinal)
                ? route.FulfillAsync(new RouteFulfillOptions { Status = 200, ContentType = "application/json", Body = answer })
                : route.FulfillAsync(new RouteFulfillOptions { Status = 404, ContentType = "application/problem+json", Body = "{\"status\":404}" }));
        });
        await page.GotoAsync(new Uri(server.Address, "api/analytics/dashboard?code=" + Uri.EscapeDataString(server.AdminKey)).ToString());

        await page.Locator("#replenishment-sku").FillAsync("sku-unplanned");
        await page.Locator("#replenishment-form button").ClickAsync();
        await Expect(page.Locator("#replenishment-summary")).ToHaveTextAsync("sku-unplanned: replenishment knows nothing of this SKU yet");

        await page.Locator("#replenishment-sku").FillAsync("sku-forecast");
        await page.Locator("#replenishment-form button").ClickAsync();

        // 28 and 29 November are the days both cover: forecast 5.5 + 1.5 + 4.5 + 1.25, actual 6 + 2 + 5 + 1.
        await Expect(page.Locator("#replenishment-summary")).ToHaveTextAsync("sku-forecast: forecast 12.8 vs actual 14.0 units over 2 day(s) both cover");
        await Expect(page.Locator("#replenishment-chart polyline[data-series=actual]")).ToHaveAttributeAsync("data-days", "3");
        await Expect(page.Locator("#replenishment-chart polyline[data-series=forecast]")).ToHaveAttributeAsync("data-days", "3");
        await Expect(page.Locator("#replenishment-chart")).ToContainTextAsync("2026-11-27");
        await Expect(page.Locator("#replenishment-chart")).ToContainTextAsync("2026-11-30");
        Assert.Equal(["/api/admin/replenishment/sku-unplanned", "/api/admin/replenishment/sku-forecast"], asked.Select(a => new Uri(a.Url).AbsolutePath));
        Assert.All(asked, a => Assert.Equal(server.AdminKey, a.Key));
    }
}
