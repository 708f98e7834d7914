using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Commerce.DevHost.Tests;

/// <summary>
/// Every address field has a length limit (names and lines 200, city and region 100, postal code 20, country a
/// two-letter code): over it is a 400 validation problem naming the field, and nothing is stored.
/// </summary>
public sealed class AddressLimitsTests(DevHostFactory factory) : IClassFixture<DevHostFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static readonly Dictionary<string, object?> ValidAddress = new()
    {
        ["name"] = "Ada Buyer", ["line1"] = "1 Main St", ["line2"] = "Flat 2", ["city"] = "Springfield", ["region"] = "IL", ["postalCode"] = "62701", ["country"] = "US",
    };

    public static TheoryData<string, string> CheckoutFields => new()
    {
        { "name", new string('n', 201) },
        { "line1", new string('l', 201) },
        { "line2", new string('l', 201) },
        { "city", new string('c', 101) },
        { "region", new string('r', 101) },
        { "postalCode", new string('9', 21) },
        { "country", "USA" },
        { "country", "1A" },
    };

    public static TheoryData<string, string> DestinationFields => new()
    {
        { "region", new string('r', 101) },
        { "postalCode", new string('9', 21) },
        { "country", "USA" },
    };

    [Theory]
    [MemberData(nameof(CheckoutFields))]
    public async Task A_checkout_address_field_over_its_limit_is_a_validation_problem_naming_it_and_claims_nothing(string field, string value)
    {
        using var client = factory.CreateClient();
        var (cartId, token, etag) = await GuestCartAsync(client);
        var address = new Dictionary<string, object?>(ValidAddress) { [field] = value };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/checkout")
        {
            Content = JsonContent.Create(new { cartId, cartToken = token, email = "ada@example.com", shippingAddress = address, paymentToken = "tok_approve" }),
        };
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));

        using var response = await client.SendAsync(request, Ct);

        await AssertNamesFieldAsync(response, $"shippingAddress.{field}");
        Assert.Equal(etag, await CartETagAsync(client, cartId, token));
    }

    [Theory]
    [MemberData(nameof(DestinationFields))]
    public async Task A_cart_destination_field_over_its_limit_is_a_validation_problem_naming_it_and_changes_nothing(string field, string value)
    {
        using var client = factory.CreateClient();
        var (cartId, token, etag) = await GuestCartAsync(client);
        var destination = new Dictionary<string, object?> { ["country"] = "US", ["region"] = "IL", ["postalCode"] = "62701", [field] = value };
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/carts/{cartId}/destination") { Content = JsonContent.Create(destination) };
        request.Headers.Add("X-Cart-Token", token);
        request.Headers.TryAddWithoutValidation("If-Match", etag);

        using var response = await client.SendAsync(request, Ct);

        await AssertNamesFieldAsync(response, field);
        Assert.Equal(etag, await CartETagAsync(client, cartId, token));
    }

    [Fact]
    public async Task A_cart_destination_at_the_limits_is_accepted()
    {
        using var client = factory.CreateClient();
        var (cartId, token, etag) = await GuestCartAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/carts/{cartId}/destination")
        {
            Content = JsonContent.Create(new { country = "us", region = new string('r', 100), postalCode = new string('9', 20) }),
        };
        request.Headers.Add("X-Cart-Token", token);
        request.Headers.TryAddWithoutValidation("If-Match", etag);

        using var response = await client.SendAsync(request, Ct);

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    static async Task AssertNamesFieldAsync(HttpResponseMessage response, string field)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.EndsWith("/validation", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}': {body}");
    }

    async Task<(string CartId, string Token, string ETag)> GuestCartAsync(HttpClient client)
    {
        var product = await DevHostFactory.DemoProductAsync(client, "demo-000001", Ct);
        var sku = product.GetProperty("variants")[0].GetProperty("sku").GetString()!;
        using var created = await client.PostAsync("/api/carts", null, Ct);
        var cart = await created.Content.ReadFromJsonAsync<JsonElement>(Ct);
        var (cartId, token) = (cart.GetProperty("cartId").GetString()!, cart.GetProperty("cartToken").GetString()!);
        using var add = new HttpRequestMessage(HttpMethod.Post, $"/api/carts/{cartId}/items") { Content = JsonContent.Create(new { sku, quantity = 1 }) };
        add.Headers.Add("X-Cart-Token", token);
        add.Headers.IfMatch.Add(created.Headers.ETag!);
        using var added = await client.SendAsync(add, Ct);
        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        return (cartId, token, added.Headers.ETag!.Tag);
    }

    static async Task<string> CartETagAsync(HttpClient client, string cartId, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/carts/{cartId}");
        request.Headers.Add("X-Cart-Token", token);
        using var response = await client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.ETag!.Tag;
    }
}
