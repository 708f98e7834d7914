using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Commerce.Testing;

namespace Commerce.DevHost.Tests;

/// <summary>
/// A well-formed request that breaks a rule the schema cannot express (a price range upside down, a continuation
/// token the listing never returned, a parent category that does not exist) is 422 problem+json with the rule's own
/// <c>type</c>, documented for the operation; malformed input stays a 400 validation problem.
/// </summary>
public sealed class RuleProblemTests(DevHostFactory factory) : IClassFixture<DevHostFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_broken_rule_is_422_with_its_type_and_malformed_input_stays_400()
    {
        using var client = factory.CreateClient();
        await DevHostFactory.DemoProductAsync(client, "demo-000002", Ct);
        using var minted = await client.PostAsJsonAsync("/api/dev/token", new { customerId = "rule-problems" }, Ct);
        var customer = ("Authorization", "Bearer " + (await minted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString());
        var staff = ("x-functions-key", "local-admin-key");
        var contract = new OpenApiContract(JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Ct))!.AsObject());
        var failures = new List<string>();
        async Task ExpectAsync(string template, HttpRequestMessage request, HttpStatusCode status, string type)
        {
            using (request)
            {
                using var response = await client.SendAsync(request, Ct);
                var body = await response.Content.ReadAsStringAsync(Ct);
                if (response.StatusCode != status || response.Content.Headers.ContentType?.MediaType != "application/problem+json" || (string?)JsonNode.Parse(body)?["type"] != "https://commerce-functions.dev/problems/" + type)
                {
                    failures.Add($"{request.Method} {request.RequestUri}: expected {(int)status} {type}, got {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
                }

                failures.AddRange(await contract.CheckAsync(request.Method.Method, template, response, Ct));
            }
        }

        await ExpectAsync("/api/search", OpenApiContract.Request(HttpMethod.Get, "/api/search?q=shirt&minPrice=500&maxPrice=100"), HttpStatusCode.UnprocessableEntity, "price-range");
        await ExpectAsync("/api/search", OpenApiContract.Request(HttpMethod.Get, "/api/search?q=shirt&minPrice=abc"), HttpStatusCode.BadRequest, "validation");
        await ExpectAsync("/api/products", OpenApiContract.Request(HttpMethod.Get, "/api/products?continuation=bogus"), HttpStatusCode.UnprocessableEntity, "unknown-continuation");
        await ExpectAsync("/api/customers/me/orders", OpenApiContract.Request(HttpMethod.Get, "/api/customers/me/orders?continuation=bogus", null, customer), HttpStatusCode.UnprocessableEntity, "unknown-continuation");
        await ExpectAsync("/api/admin/categories/{id}", OpenApiContract.Request(HttpMethod.Put, "/api/admin/categories/rule-child", new { name = "Child", parentId = "no-such-parent" }, staff), HttpStatusCode.UnprocessableEntity, "unknown-parent-category");
        await ExpectAsync("/api/admin/categories/{id}", OpenApiContract.Request(HttpMethod.Put, "/api/admin/categories/rule-child", new { name = "" }, staff), HttpStatusCode.BadRequest, "validation");

        Assert.Empty(failures);
    }
}
