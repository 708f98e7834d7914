using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Analytics.Testing;
using Commerce.Pricing.Domain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Commerce.Analytics.BrowserTests;

/// <summary>
/// The live dashboard in real headless Chromium (Debian's, driven by Playwright) against the dev host on Kestrel:
/// events posted to the collector (and the platform's purchases) show up on the open page, opened with the admin key,
/// without a reload.
/// </summary>
public sealed partial class DashboardBrowserTests : IAsyncLifetime
{
    DevHostServer server = null!;
    IPlaywright playwright = null!;
    IBrowser browser = null!;

    public async ValueTask InitializeAsync()
    {
        var launch = TestBrowser.LaunchOptions();
        server = await DevHostServer.StartAsync();
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(launch);
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }

        playwright?.Dispose();
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }

    static object Event(string id, string type, string session, object? extra = null)
    {
        var e = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["type"] = type,
            ["sessionId"] = session,
            ["timestamp"] = DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O", CultureInfo.InvariantCulture),
            ["device"] = "mobile",
            ["country"] = "GB",
        };
        foreach (var property in extra?.GetType().GetProperties() ?? [])
        {
            e[property.Name] = property.GetValue(extra);
        }

        return e;
    }

    [Fact]
    public async Task Posted_events_change_the_numbers_on_the_open_dashboard_without_a_reload()
    {
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(new Uri(server.Address, "api/analytics/dashboard?code=" + Uri.EscapeDataString(server.AdminKey)).ToString());
        await Expect(page.Locator("body[data-refreshes]")).ToBeAttachedAsync();
        await Expect(page.Locator("#kpi-purchases")).ToHaveTextAsync("0");
        await Expect(page.Locator("#kpi-page-views")).ToHaveTextAsync("0");
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        var response = await server.Client.PostAsJsonAsync(
            "api/events",
            new
            {
                events = new[]
                {
                    Event("b-1", "page_view", "browser-1"),
                    Event("b-2", "page_view", "browser-2"),
                    Event("b-3", "product_view", "browser-1", new { productId = "sku-browser" }),
                    Event("b-4", "product_view", "browser-2", new { productId = "sku-browser" }),
                    Event("b-5", "add_to_cart", "browser-1", new { productId = "sku-browser" }),
                    Event("b-6", "checkout_started", "browser-1"),
                },
            },
            TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);

        // Purchases come from the orders app (server side), never through the collector.
        await server.PublishServerSideAsync(new Commerce.Contracts.StorefrontEvent
        {
            Id = "b-7", Type = "purchase", SessionId = "browser-1", Timestamp = DateTimeOffset.UtcNow.AddSeconds(-1), Device = "mobile", Country = "GB",
            OrderId = "o-browser", Value = 4_999, Currency = "GBP", ProductId = "sku-browser",
        });

        var timeout = new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 };
        await Expect(page.Locator("#kpi-page-views")).ToHaveTextAsync("2", timeout);
        await Expect(page.Locator("#kpi-purchases")).ToHaveTextAsync("1", timeout);
        await Expect(page.Locator("#kpi-sessions")).ToHaveTextAsync("2", timeout);
        await Expect(page.Locator("#revenue-total")).ToHaveTextAsync("49.99 GBP", timeout);
        await Expect(page.Locator("#top-products")).ToContainTextAsync("sku-browser", new LocatorAssertionsToContainTextOptions { Timeout = 20_000 });
        await Expect(page.Locator("#funnel")).ToContainTextAsync("purchase (50%)", new LocatorAssertionsToContainTextOptions { Timeout = 20_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the dashboard reloaded instead of refreshing in place");

        await ScreenshotAsync(page, "dashboard.png");
    }

    static async Task ScreenshotAsync(IPage page, string name)
    {
        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(screenshots);
        var file = Path.Combine(screenshots, name);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        Assert.True(new FileInfo(file).Length > 10_000, "the screenshot should hold a rendered page");
        TestContext.Current.TestOutputHelper?.WriteLine($"Dashboard screenshot: {file}");
    }

    [Fact]
    public async Task The_experiments_panel_shows_a_running_experiments_figures_per_variant()
    {
        var cancel = TestContext.Current.CancellationToken;
        using var staff = new HttpClient { BaseAddress = server.Address };
        staff.DefaultRequestHeaders.Add("x-functions-key", server.AdminKey);
        using var created = await staff.PostAsJsonAsync("api/admin/experiments", new
        {
            name = "Knitwear -5 %",
            variants = new object[] { new { name = "control", multiplierBasisPoints = 10_000, weight = 50 }, new { name = "minus5", multiplierBasisPoints = 9_500, weight = 50 } },
            categories = new[] { "browser-knitwear" },
        }, cancel);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(cancel)).GetProperty("id").GetString()!;
        var experiments = server.Services.GetRequiredService<Experiments>();
        for (var i = 0; i < 120; i++)
        {
            // Every third shopper buys 40.00 at a margin of 12.00.
            Assert.NotNull(await experiments.RecordVisitAsync(id, $"shopper-{i}", i % 3 == 0, i % 3 == 0 ? 4_000 : 0, i % 3 == 0 ? 1_200 : 0, cancel));
        }

        var results = await staff.GetFromJsonAsync<JsonElement>($"api/admin/experiments/{id}/results", cancel);
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        await page.GotoAsync(new Uri(server.Address, "api/analytics/dashboard?code=" + Uri.EscapeDataString(server.AdminKey)).ToString());

        var table = page.Locator($"#experiments table[data-experiment='{id}']");
        var timeout = new LocatorAssertionsToHaveTextOptions { Timeout = 20_000 };
        await Expect(table.Locator("caption")).ToHaveTextAsync("Knitwear -5 % (leader: none yet)", timeout);
        var visitors = 0L;
        foreach (var variant in results.GetProperty("variants").EnumerateArray())
        {
            var row = table.Locator($"tr[data-variant='{variant.GetProperty("name").GetString()}']");
            var conversion = variant.GetProperty("conversionRate");
            var revenue = variant.GetProperty("revenuePerVisitor");
            visitors += variant.GetProperty("visitors").GetInt64();
            await Expect(row.Locator("td[data-column='1']")).ToHaveTextAsync(variant.GetProperty("visitors").GetInt64().ToString(CultureInfo.InvariantCulture), timeout);
            await Expect(row.Locator("td[data-column='2']")).ToHaveTextAsync(
                string.Create(CultureInfo.InvariantCulture, $"{100 * conversion.GetProperty("mean").GetDouble():F2}% [{100 * conversion.GetProperty("low").GetDouble():F2}, {100 * conversion.GetProperty("high").GetDouble():F2}]"), timeout);
            await Expect(row.Locator("td[data-column='3']")).ToHaveTextAsync(
                string.Create(CultureInfo.InvariantCulture, $"{revenue.GetProperty("mean").GetDouble():F1} [{revenue.GetProperty("low").GetDouble():F1}, {revenue.GetProperty("high").GetDouble():F1}]"), timeout);
        }

        // Under the sequential test's minimum sample nothing is significant yet: the variant's p-value is 1.
        Assert.Equal(120, visitors);
        await Expect(table.Locator("tr[data-variant='minus5'] td[data-column='6']")).ToHaveTextAsync("1.000", timeout);
        await Expect(table.Locator("tr[data-variant='control'] td[data-column='5']")).ToHaveTextAsync("control", timeout);
        await ScreenshotAsync(page, "dashboard-experiments.png");
    }
}
