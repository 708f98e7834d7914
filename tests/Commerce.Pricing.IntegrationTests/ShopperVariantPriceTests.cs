using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Primitives;
using Commerce.Testing;

namespace Commerce.Pricing.IntegrationTests;

/// <summary>
/// A running price experiment as shoppers see it through the dev host: each shopper (session header or bearer token)
/// sees their variant's price on the product page, in listings, search, the cart, and is charged it at checkout; the
/// usual price outside the experiment; a stop or a roll-out changes what they see.
/// </summary>
public sealed class ShopperVariantPriceTests(PricingHost host) : IClassFixture<PricingHost>
{
    const long Usual = 2_000;
    const long Variant = 1_600;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    readonly HttpClient staff = host.CreateStaffClient();

    static object Definition(string sku, DateTimeOffset? startAt = null) => new
    {
        name = "Crew -20 %",
        variants = new object[] { new { name = "control", multiplierBasisPoints = 10_000, weight = 50 }, new { name = "minus20", multiplierBasisPoints = 8_000, weight = 50 } },
        skus = new[] { sku },
        startAt,
    };

    Task<string> StartAsync(string sku, DateTimeOffset? startAt = null) => ExperimentGuests.StartAsync(staff, Definition(sku, startAt));

    static string SessionIn(string experimentId, int variant) => ExperimentGuests.SessionIn(experimentId, variant);

    HttpClient Guest(string session) => host.Guest(session);

    /// <summary>The USD price the shopper sees on the product page, in the category listing and in search.</summary>
    async Task<(long Page, long Listing, long Search)> SeenAsync(HttpClient http, string productId, string categoryId)
    {
        var listing = await http.GetFromJsonAsync<JsonElement>($"/api/products?category={categoryId}", CommerceJson.Options, Cancel);
        var search = await http.GetFromJsonAsync<JsonElement>($"/api/search?category={categoryId}&currency=USD", CommerceJson.Options, Cancel);
        return (
            await host.ProductPriceAsync(http, productId),
            Assert.Single(listing.GetProperty("items").EnumerateArray()).GetProperty("priceFrom").GetProperty("USD").GetInt64(),
            Assert.Single(search.GetProperty("items").EnumerateArray()).GetProperty("price").GetInt64());
    }

    Task SeesAsync(HttpClient http, string productId, string categoryId, long price, string because)
        => Eventually.UntilAsync(async () => await SeenAsync(http, productId, categoryId) == (price, price, price), PricingHost.Deadline, because: because, cancellationToken: Cancel);

    [Fact]
    public async Task A_shopper_in_the_variant_sees_its_price_on_every_surface_and_checkout_charges_it()
    {
        var category = "var-" + Guid.NewGuid().ToString("N")[..6];
        var (productId, sku) = await host.NewProductAsync(category, Usual);
        var experiment = await StartAsync(sku);
        using var inVariant = Guest(SessionIn(experiment, 1));
        using var inControl = Guest(SessionIn(experiment, 0));
        using var anonymous = host.CreateClient();

        await SeesAsync(inVariant, productId, category, Variant, "the variant's price on the page, the listing and search");
        Assert.Equal((Usual, Usual, Usual), await SeenAsync(inControl, productId, category));
        Assert.Equal((Usual, Usual, Usual), await SeenAsync(anonymous, productId, category));

        var (unitPrice, reviewed, order) = await host.BuyAsync(inVariant, sku, 2);
        Assert.Equal(Variant, unitPrice);
        Assert.Equal(2 * Variant, order.GetProperty("order").GetProperty("lines")[0].GetProperty("lineTotal").GetProperty("minor").GetInt64());
        Assert.Equal(reviewed, order.GetProperty("order").GetProperty("totals").GetProperty("grandTotal").GetProperty("minor").GetInt64());
        Assert.Equal(Usual, (await host.BuyAsync(inControl, sku, 1)).UnitPrice);
    }

    [Fact]
    public async Task A_signed_in_customer_is_assigned_by_their_id_on_the_page_and_in_their_cart()
    {
        var category = "cus-" + Guid.NewGuid().ToString("N")[..6];
        var (productId, sku) = await host.NewProductAsync(category, Usual);
        var experiment = await StartAsync(sku);
        var customer = Enumerable.Range(0, 1_000).Select(i => $"customer-{Guid.NewGuid():N}").First(c => LivePriceExperiment.Assign(experiment, ExperimentShoppers.Of(c, null)!, [50, 50]) == 1);
        using var signedIn = await host.CreateShopperClientAsync(customer);
        signedIn.DefaultRequestHeaders.Add(ExperimentShoppers.SessionHeader, SessionIn(experiment, 0));

        await SeesAsync(signedIn, productId, category, Variant, "the customer's variant price, whatever their session");
        Assert.Equal(Variant, (await host.BuyAsync(signedIn, sku, 1)).UnitPrice);
    }

    [Fact]
    public async Task Product_answers_vary_by_shopper_and_each_variant_has_its_own_entity_tag()
    {
        var category = "tag-" + Guid.NewGuid().ToString("N")[..6];
        var (productId, sku) = await host.NewProductAsync(category, Usual);
        using var plain = host.CreateClient();
        using var before = await plain.GetAsync($"/api/products/{productId}", Cancel);
        var experiment = await StartAsync(sku);
        using var inVariant = Guest(SessionIn(experiment, 1));
        await SeesAsync(inVariant, productId, category, Variant, "the variant's price");

        using var variant = await inVariant.GetAsync($"/api/products/{productId}", Cancel);
        using var control = await Guest(SessionIn(experiment, 0)).GetAsync($"/api/products/{productId}", Cancel);
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/api/products/{productId}");
        revalidate.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        using var stale = await inVariant.SendAsync(revalidate, Cancel);

        Assert.Equal(before.Headers.ETag, control.Headers.ETag);
        Assert.NotEqual(before.Headers.ETag, variant.Headers.ETag);
        Assert.Contains(ExperimentShoppers.SessionHeader, variant.Headers.Vary);
        Assert.Contains("Authorization", before.Headers.Vary);
        Assert.True(variant.Headers.CacheControl?.Private, variant.Headers.CacheControl?.ToString());
        // The usual version's tag does not revalidate the variant: the shopper gets the variant's body.
        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Equal(Variant, (await stale.Content.ReadFromJsonAsync<JsonElement>(CommerceJson.Options, Cancel)).GetProperty("variants")[0].GetProperty("prices").GetProperty("USD").GetInt64());
    }

    [Fact]
    public async Task An_experiment_not_started_yet_shows_the_usual_price()
    {
        var category = "win-" + Guid.NewGuid().ToString("N")[..6];
        var (productId, sku) = await host.NewProductAsync(category, Usual);
        var experiment = await StartAsync(sku, startAt: DateTimeOffset.UtcNow.AddDays(1));
        var started = "won-" + Guid.NewGuid().ToString("N")[..6];
        var (startedProduct, startedSku) = await host.NewProductAsync(started, Usual);
        var running = await StartAsync(startedSku);
        var session = Enumerable.Range(0, 1_000).Select(_ => SessionIn(experiment, 1)).First(s => LivePriceExperiment.Assign(running, ExperimentShoppers.Of(null, s)!, [50, 50]) == 1);
        using var inVariant = Guest(session);

        // Once the experiment started with it shows, the apps have read the future one too, and do not show it yet.
        await SeesAsync(inVariant, startedProduct, started, Variant, "the running experiment's variant price");
        Assert.Equal((Usual, Usual, Usual), await SeenAsync(inVariant, productId, category));
        Assert.Equal(Usual, (await host.BuyAsync(inVariant, sku, 1)).UnitPrice);
    }

    [Fact]
    public async Task Stopping_the_experiment_brings_the_usual_price_back_to_the_variant_s_shoppers_and_their_carts()
    {
        var category = "stp-" + Guid.NewGuid().ToString("N")[..6];
        var (productId, sku) = await host.NewProductAsync(category, Usual);
        var experiment = await StartAsync(sku);
        using var inVariant = Guest(SessionIn(experiment, 1));
        await SeesAsync(inVariant, productId, category, Variant, "the variant's price");

        using var stopped = await staff.PostAsync($"/api/admin/experiments/{experiment}/stop", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);

        await SeesAsync(inVariant, productId, category, Usual, "the usual price once the experiment stopped");
        Assert.Equal(Usual, (await host.BuyAsync(inVariant, sku, 1)).UnitPrice);
    }

    [Fact]
    public async Task Rolling_out_the_variant_shows_its_price_to_every_shopper()
    {
        var category = "rol-" + Guid.NewGuid().ToString("N")[..6];
        var (productId, sku) = await host.NewProductAsync(category, Usual);
        await host.GuardAsync(sku, category, "automatic", maxDailyChangeBasisPoints: 5_000);
        var experiment = await StartAsync(sku);
        using var inControl = Guest(SessionIn(experiment, 0));
        using var anonymous = host.CreateClient();
        Assert.Equal((Usual, Usual, Usual), await SeenAsync(inControl, productId, category));

        using var rolledOut = await staff.PostAsJsonAsync($"/api/admin/experiments/{experiment}/rollout", new { variant = "minus20" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, rolledOut.StatusCode);

        await SeesAsync(inControl, productId, category, Variant, "the rolled-out price for the control's shoppers");
        await SeesAsync(anonymous, productId, category, Variant, "the rolled-out price for everyone");
    }

    [Fact]
    public async Task Shoppers_shown_a_variant_who_buy_are_the_experiment_s_visitors_and_conversions_in_its_results()
    {
        var category = "res-" + Guid.NewGuid().ToString("N")[..6];
        var (productId, sku) = await host.NewProductAsync(category, Usual);
        await host.GuardAsync(sku, category, "approval", maxDailyChangeBasisPoints: 2_000); // a cost of 10.00
        var experiment = await StartAsync(sku);
        using var buyerInVariant = Guest(SessionIn(experiment, 1));
        using var browserInVariant = Guest(SessionIn(experiment, 1));
        using var buyerInControl = Guest(SessionIn(experiment, 0));

        // The apps re-read the running experiments within their lifetime: once the storefront shows the variant, each is
        // shown the product (the buyer again: still one visitor each), then two of them buy.
        await host.WaitForProductPriceAsync(buyerInVariant, productId, Variant);
        foreach (var shopper in new[] { browserInVariant, buyerInControl, buyerInVariant })
        {
            await host.ProductPriceAsync(shopper, productId);
        }

        Assert.Equal(Variant, (await host.BuyAsync(buyerInVariant, sku, 1)).UnitPrice);
        Assert.Equal(Usual, (await host.BuyAsync(buyerInControl, sku, 2)).UnitPrice);

        JsonElement results = default;
        await Eventually.UntilAsync(async () =>
        {
            results = await staff.GetFromJsonAsync<JsonElement>($"/api/admin/experiments/{experiment}/results", Cancel);
            return results.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("conversionRate").GetProperty("mean").GetDouble() * v.GetProperty("visitors").GetInt64()) >= 2;
        }, PricingHost.Deadline, because: "both purchases to be counted as conversions", cancellationToken: Cancel);
        var byName = results.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!);
        static (long Visitors, double Conversion, double Revenue, double Margin) Figures(JsonElement v) => (
            v.GetProperty("visitors").GetInt64(), v.GetProperty("conversionRate").GetProperty("mean").GetDouble(),
            v.GetProperty("revenuePerVisitor").GetProperty("mean").GetDouble(), v.GetProperty("marginPerVisitor").GetProperty("mean").GetDouble());
        Assert.Equal((1L, 1.0, 2.0 * Usual, 2.0 * (Usual - 1_000)), Figures(byName["control"]));
        Assert.Equal((2L, 0.5, Variant / 2.0, (Variant - 1_000) / 2.0), Figures(byName["minus20"]));
    }
}
