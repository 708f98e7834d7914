using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Commerce.Pricing.IntegrationTests;

/// <summary>Every pricing route is staff only: anyone else gets the 404 problem of a route that does not exist; staff sending bad input get a 4xx problem.</summary>
public sealed class PricingAccessTests(PricingHost host) : IClassFixture<PricingHost>
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> Routes => new()
    {
        { "PUT", "/api/admin/pricing/skus/SKU-1/costs" },
        { "PUT", "/api/admin/pricing/skus/SKU-1/guardrail" },
        { "PUT", "/api/admin/pricing/categories/knitwear" },
        { "POST", "/api/admin/pricing/skus/SKU-1/proposals" },
        { "POST", "/api/admin/pricing/skus/SKU-1/proposals/p1/approve" },
        { "GET", "/api/admin/pricing/skus/SKU-1/proposals" },
        { "GET", "/api/admin/pricing/skus/SKU-1/history" },
        { "GET", "/api/admin/pricing/skus/SKU-1/competitor-prices" },
    };

    static HttpRequestMessage Request(string method, string path) => new(new HttpMethod(method), path)
    {
        Content = method == "GET" ? null : JsonContent.Create(new { costs = new { USD = 100 }, minMarginBasisPoints = 0, currency = "USD", price = 100, reason = "r" }),
    };

    static async Task AssertNotFoundProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("/not-found", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("type").GetString());
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Pricing_routes_answer_404_to_anonymous_callers(string method, string path)
    {
        using var request = Request(method, path);
        using var response = await host.CreateClient().SendAsync(request, Cancel);

        await AssertNotFoundProblemAsync(response);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Pricing_routes_answer_404_to_signed_in_shoppers_and_wrong_keys(string method, string path)
    {
        using var shopper = await host.CreateShopperClientAsync();
        using var request = Request(method, path);
        using var response = await shopper.SendAsync(request, Cancel);
        await AssertNotFoundProblemAsync(response);

        using var wrongKey = Request(method, path);
        wrongKey.Headers.Add("x-functions-key", "not-the-key");
        using var refused = await host.CreateClient().SendAsync(wrongKey, Cancel);
        await AssertNotFoundProblemAsync(refused);
    }

    [Theory]
    [InlineData("POST", "/api/admin/pricing/skus/SKU-1/proposals//approve")]
    [InlineData("POST", "/api/admin/pricing/skus//proposals")]
    [InlineData("PUT", "/api/admin/pricing/skus//costs")]
    [InlineData("PUT", "/api/admin/pricing/categories/")]
    [InlineData("GET", "/api/admin/pricing/skus/SKU-1/nothing-here")]
    public async Task A_pricing_path_with_an_empty_or_unknown_segment_is_the_platform_s_404_problem_even_for_staff(string method, string path)
    {
        using var request = Request(method, path);
        using var response = await host.CreateStaffClient().SendAsync(request, Cancel);

        await AssertNotFoundProblemAsync(response);
    }

    [Theory]
    [InlineData("PUT", "/api/admin/pricing/skus/{sku}/costs", """{"costs":{"XXX":100}}""", "costs.XXX")]
    [InlineData("PUT", "/api/admin/pricing/skus/{sku}/costs", """{"costs":{}}""", "costs")]
    [InlineData("PUT", "/api/admin/pricing/skus/{sku}/guardrail", """{"maxDailyChangeBasisPoints":0}""", "maxDailyChangeBasisPoints")]
    [InlineData("PUT", "/api/admin/pricing/skus/{sku}/guardrail", """{"minMarginBasisPoints":-1}""", "minMarginBasisPoints")]
    [InlineData("PUT", "/api/admin/pricing/categories/Not_An_Id", """{"minMarginBasisPoints":100}""", "categoryId")]
    [InlineData("POST", "/api/admin/pricing/skus/{sku}/proposals", """{"currency":"USD","price":0,"reason":"r"}""", "price")]
    [InlineData("POST", "/api/admin/pricing/skus/{sku}/proposals", """{"currency":"USD","price":100}""", "reason")]
    public async Task Staff_sending_invalid_input_get_a_validation_problem_naming_the_field(string method, string path, string body, string field)
    {
        var (_, sku) = await host.NewProductAsync("knitwear", 2_500);
        using var request = new HttpRequestMessage(new HttpMethod(method), path.Replace("{sku}", sku, StringComparison.Ordinal)) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };

        using var response = await host.CreateStaffClient().SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Staff_sending_malformed_json_or_naming_an_unknown_sku_get_a_4xx_problem()
    {
        using var staff = host.CreateStaffClient();
        using var malformed = await staff.PutAsync("/api/admin/pricing/skus/SKU-1/costs", new StringContent("{nope", System.Text.Encoding.UTF8, "application/json"), Cancel);
        using var unknown = await staff.PutAsJsonAsync("/api/admin/pricing/skus/SKU-UNKNOWN/costs", new { costs = new { USD = 100 } }, Cancel);
        using var noProposal = await staff.PostAsync($"/api/admin/pricing/skus/SKU-UNKNOWN/proposals/{Guid.NewGuid():N}/approve", null, Cancel);
        using var badProposalId = await staff.PostAsync("/api/admin/pricing/skus/SKU-UNKNOWN/proposals/p1/approve", null, Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.BadRequest), (unknown.StatusCode, noProposal.StatusCode, badProposalId.StatusCode));
        Assert.EndsWith("/pricing-not-found", (await unknown.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("type").GetString());
    }
}
