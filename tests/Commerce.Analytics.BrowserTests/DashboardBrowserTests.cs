using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Commerce.Analytics.Testing;
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

        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(screenshots);
        var file = Path.Combine(screenshots, "dashboard.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = file, FullPage = true });
        Assert.True(new FileInfo(file).Length > 10_000, "the screenshot should hold a rendered page");
        TestContext.Current.TestOutputHelper?.WriteLine($"Dashboard screenshot: {file}");
    }
}
