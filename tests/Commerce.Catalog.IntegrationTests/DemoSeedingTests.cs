using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Testing;

namespace Commerce.Catalog.IntegrationTests;

public sealed class DemoSeedingTests
{
    sealed class SeededHost : CatalogDevHost
    {
        protected override int DemoProducts => 40;
    }

    [Fact]
    public async Task The_dev_host_seeds_the_configured_number_of_demo_products_in_the_background()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = new SeededHost();
        using var client = host.CreateClient();

        await Eventually.UntilAsync(async () =>
        {
            var results = await client.GetFromJsonAsync<JsonElement>("/api/search?pageSize=1", ct);
            return results.GetProperty("total").GetInt32() == 40;
        }, TimeSpan.FromSeconds(60), because: "the demo catalog is seeded", cancellationToken: ct);

        var facets = (await client.GetFromJsonAsync<JsonElement>("/api/search?pageSize=1&currency=EUR", ct)).GetProperty("facets");
        Assert.True(facets.GetProperty("brand").GetArrayLength() > 1);
        Assert.Equal(40, facets.GetProperty("price").EnumerateArray().Sum(b => b.GetProperty("count").GetInt32()));
    }
}
