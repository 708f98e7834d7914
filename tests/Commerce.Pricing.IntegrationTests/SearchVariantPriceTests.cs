using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Primitives;
using Commerce.Testing;

namespace Commerce.Pricing.IntegrationTests;

/// <summary>
/// Search as a shopper in a price experiment sees it through the dev host: price filters, price sorting, paging, the
/// total and the price facet all work on the prices that shopper is shown (their variant's), not the usual ones.
/// </summary>
public sealed class SearchVariantPriceTests(PricingHost host) : IClassFixture<PricingHost>
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    readonly HttpClient staff = host.CreateStaffClient();

    static object Experiment(string name, long multiplierBasisPoints, string[]? skus = null, string[]? categories = null) => new
    {
        name,
        variants = new object[] { new { name = "control", multiplierBasisPoints = 10_000, weight = 50 }, new { name = "variant", multiplierBasisPoints, weight = 50 } },
        skus,
        categories,
    };

    /// <summary>A new active product in <paramref name="categoryId"/> with one SKU per USD price; returns its id and SKUs.</summary>
    async Task<(string Id, string[] Skus)> ProductAsync(string categoryId, params long[] usdPrices)
    {
        using var category = await staff.PutAsJsonAsync($"/api/admin/categories/{categoryId}", new { name = "Category " + categoryId }, Cancel);
        Assert.True(category.IsSuccessStatusCode, await category.Content.ReadAsStringAsync(Cancel));
        var skus = usdPrices.Select(_ => "SKU-" + Guid.NewGuid().ToString("N")[..10]).ToArray();
        using var created = await staff.PostAsJsonAsync("/api/admin/products", new
        {
            name = "Merino crew " + skus[0],
            brand = "Acme",
            categoryId,
            status = "active",
            variants = skus.Select((sku, i) => new { sku, prices = new Dictionary<string, long> { ["USD"] = usdPrices[i] }, weightGrams = 300 }).ToArray(),
        }, Cancel);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync(Cancel));
        return ((await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!, skus);
    }

    static async Task<JsonElement> SearchAsync(HttpClient http, string query)
        => await http.GetFromJsonAsync<JsonElement>($"/api/search?currency=USD&{query}", CommerceJson.Options, Cancel);

    /// <summary>The hits' (id, price) in order and the total.</summary>
    static async Task<(List<(string Id, long Price)> Hits, int Total)> HitsAsync(HttpClient http, string query)
    {
        var results = await SearchAsync(http, query);
        return ([.. results.GetProperty("items").EnumerateArray().Select(h => (h.GetProperty("id").GetString()!, h.GetProperty("price").GetInt64()))], results.GetProperty("total").GetInt32());
    }

    /// <summary>Asserts the search answers these hits, in this order, out of <paramref name="total"/>.</summary>
    static async Task FindsAsync(HttpClient http, string query, int total, params (string Id, long Price)[] hits)
    {
        var (found, count) = await HitsAsync(http, query);
        Assert.Equal(hits, found);
        Assert.Equal(total, count);
    }

    /// <summary>The price facet's count of a band ("0-25", "25-50", ...).</summary>
    static async Task<int> BandAsync(HttpClient http, string query, string band)
        => (await SearchAsync(http, query)).GetProperty("facets").GetProperty("price").EnumerateArray().Single(c => c.GetProperty("value").GetString() == band).GetProperty("count").GetInt32();

    [Fact]
    public async Task A_variant_shopper_s_search_filters_sorts_pages_and_counts_on_the_variant_prices_they_are_shown()
    {
        var category = "srch-" + Guid.NewGuid().ToString("N")[..6];
        // a: 26.00 (in the experiment: 20.80 for the variant) and 25.00, so from 25.00 as usual and 20.80 in the variant.
        var (a, aSkus) = await ProductAsync(category, 2_600, 2_500);
        var (b, _) = await ProductAsync(category, 2_200);
        var (c, _) = await ProductAsync(category, 1_500);
        var experiment = await ExperimentGuests.StartAsync(staff, Experiment("Search -20 %", 8_000, skus: [aSkus[0]]));
        using var inVariant = host.Guest(ExperimentGuests.SessionIn(experiment, 1));
        using var inControl = host.Guest(ExperimentGuests.SessionIn(experiment, 0));
        var inCategory = $"category={category}";
        await Eventually.UntilAsync(async () => (await HitsAsync(inVariant, inCategory)).Hits.Contains((a, 2_080)), PricingHost.Deadline, because: "the variant's price in the search hit", cancellationToken: Cancel);

        await FindsAsync(inVariant, inCategory + "&sort=price_asc", 3, (c, 1_500), (a, 2_080), (b, 2_200));
        await FindsAsync(inVariant, inCategory + "&sort=price_desc", 3, (b, 2_200), (a, 2_080), (c, 1_500));
        await FindsAsync(inVariant, inCategory + "&maxPrice=2100&sort=price_asc", 2, (c, 1_500), (a, 2_080));
        await FindsAsync(inVariant, inCategory + "&minPrice=2100", 1, (b, 2_200));
        await FindsAsync(inVariant, inCategory + "&sort=price_asc&pageSize=1&page=2", 3, (a, 2_080));
        Assert.Equal((3, 0), (await BandAsync(inVariant, inCategory, "0-25"), await BandAsync(inVariant, inCategory, "25-50")));
        Assert.Equal((3, 0), (await BandAsync(inVariant, inCategory + "&maxPrice=2100", "0-25"), await BandAsync(inVariant, inCategory + "&maxPrice=2100", "25-50")));

        // The control's shoppers keep the usual prices, in order, filters and counts.
        await FindsAsync(inControl, inCategory + "&sort=price_desc", 3, (a, 2_500), (b, 2_200), (c, 1_500));
        await FindsAsync(inControl, inCategory + "&maxPrice=2100", 1, (c, 1_500));
        Assert.Equal((2, 1), (await BandAsync(inControl, inCategory, "0-25"), await BandAsync(inControl, inCategory, "25-50")));
    }

    [Fact]
    public async Task A_category_experiment_raising_prices_moves_its_products_into_a_variant_shopper_s_higher_price_range()
    {
        var targeted = "up-" + Guid.NewGuid().ToString("N")[..6];
        var other = "oth-" + Guid.NewGuid().ToString("N")[..6];
        var (x, _) = await ProductAsync(targeted, 2_000);
        var (y, _) = await ProductAsync(other, 2_300);
        var experiment = await ExperimentGuests.StartAsync(staff, Experiment("Category +25 %", 12_500, categories: [targeted]));
        using var inVariant = host.Guest(ExperimentGuests.SessionIn(experiment, 1));
        var bothNames = $"q={Uri.EscapeDataString("merino crew")}&brand=Acme";
        await Eventually.UntilAsync(async () => (await HitsAsync(inVariant, $"category={targeted}")).Hits.SequenceEqual([(x, 2_500)]), PricingHost.Deadline, because: "the variant's price in the search hit", cancellationToken: Cancel);

        var (hits, _) = await HitsAsync(inVariant, bothNames + "&minPrice=2400&sort=price_desc&pageSize=100");
        Assert.Contains((x, 2_500), hits);
        Assert.DoesNotContain(hits, h => h.Id == y);
        var (cheap, _) = await HitsAsync(inVariant, bothNames + "&maxPrice=2300&sort=price_asc&pageSize=100");
        Assert.Contains((y, 2_300), cheap);
        Assert.DoesNotContain(cheap, h => h.Id == x);
    }
}
