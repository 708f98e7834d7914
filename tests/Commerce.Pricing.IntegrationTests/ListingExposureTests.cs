using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Primitives;
using Commerce.Testing;

namespace Commerce.Pricing.IntegrationTests;

/// <summary>
/// A shopper shown an experiment's price in a listing or in search results is exposed to it as much as on the product
/// page: the exposure flows through the clickstream, and the experiment counts the shopper once as a visitor of their variant.
/// </summary>
public sealed class ListingExposureTests(PricingHost host) : IClassFixture<PricingHost>
{
    const long Usual = 2_000;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    readonly HttpClient staff = host.CreateStaffClient();

    static async Task<long> ListedAsync(HttpClient http, string category)
        => Assert.Single((await http.GetFromJsonAsync<JsonElement>($"/api/products?category={category}", CommerceJson.Options, Cancel)).GetProperty("items").EnumerateArray()).GetProperty("priceFrom").GetProperty("USD").GetInt64();

    static async Task<long> FoundAsync(HttpClient http, string category)
        => Assert.Single((await http.GetFromJsonAsync<JsonElement>($"/api/search?category={category}&currency=USD", CommerceJson.Options, Cancel)).GetProperty("items").EnumerateArray()).GetProperty("price").GetInt64();

    [Fact]
    public async Task Shoppers_shown_an_experiment_s_price_only_in_listings_or_search_are_its_visitors_once_each()
    {
        var category = "exp-" + Guid.NewGuid().ToString("N")[..6];
        var (_, sku) = await host.NewProductAsync(category, Usual);
        var experiment = await ExperimentGuests.StartAsync(staff, new
        {
            name = "Listing -20 %",
            variants = new object[] { new { name = "control", multiplierBasisPoints = 10_000, weight = 50 }, new { name = "minus20", multiplierBasisPoints = 8_000, weight = 50 } },
            skus = new[] { sku },
        });
        using var listingInVariant = host.Guest(ExperimentGuests.SessionIn(experiment, 1));
        using var searchInVariant = host.Guest(ExperimentGuests.SessionIn(experiment, 1));
        using var searchInControl = host.Guest(ExperimentGuests.SessionIn(experiment, 0));

        await Eventually.UntilAsync(async () => await ListedAsync(listingInVariant, category) == 1_600, PricingHost.Deadline, because: "the variant's price in the listing", cancellationToken: Cancel);
        Assert.Equal(1_600, await FoundAsync(searchInVariant, category));
        Assert.Equal(1_600, await FoundAsync(searchInVariant, category));
        Assert.Equal(1_600, await ListedAsync(searchInVariant, category));
        Assert.Equal(Usual, await FoundAsync(searchInControl, category));

        var visitors = new Dictionary<string, long>();
        await Eventually.UntilAsync(async () =>
        {
            var results = await staff.GetFromJsonAsync<JsonElement>($"/api/admin/experiments/{experiment}/results", Cancel);
            visitors = results.GetProperty("variants").EnumerateArray().ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("visitors").GetInt64());
            return visitors.Values.Sum() >= 3;
        }, PricingHost.Deadline, because: "the three shoppers to be counted as the experiment's visitors", cancellationToken: Cancel);
        Assert.Equal(new Dictionary<string, long> { ["control"] = 1, ["minus20"] = 2 }, visitors);
    }
}
