using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Testing;

namespace Commerce.DevHost.Tests;

/// <summary>
/// Recommendations through the dev host: the trending fallback before any model, a session's views recorded from the
/// clickstream collector, training run on demand through the admin API, then personal and related answers from the model.
/// </summary>
public sealed class RecommendationsEndToEndTests(DevHostFactory factory) : IClassFixture<DevHostFactory>
{
    static readonly TimeSpan Deadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task After_training_on_demand_a_session_gets_personal_recommendations_and_products_get_related_ones()
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = factory.CreateClient();
        var session = $"e2e-{Guid.NewGuid():N}";
        string[] viewed = ["demo-000001", "demo-000002", "demo-000003"];

        var (before, answeredByHeader) = await GetAnswerAsync(client, $"/api/recommendations?sessionId={session}&n=5", ct);
        Assert.Equal("trending", before.GetProperty("source").GetString());
        Assert.False(before.TryGetProperty("modelVersion", out _)); // No model yet (nulls are left out).
        Assert.Equal("trending", before.GetProperty("answeredBy").GetString());
        Assert.Equal("trending", answeredByHeader);
        var noModel = await ModelStatusAsync(client, ct);
        Assert.Equal("trending", noModel.GetProperty("answeredBy").GetString());
        Assert.Contains("No recommendation model", noModel.GetProperty("warning").GetString(), StringComparison.Ordinal);

        var events = viewed.Select((p, i) => new { id = $"{session}-{i}", type = "product_view", sessionId = session, productId = p, timestamp = DateTimeOffset.UtcNow.AddSeconds(i - 10) });
        using (var posted = await client.PostAsJsonAsync("/api/events", new { events }, ct))
        {
            Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        }

        using (var train = new HttpRequestMessage(HttpMethod.Post, "/admin/functions/TrainRecommendations"))
        {
            train.Headers.Add("x-functions-key", "local-admin-key");
            using var accepted = await client.SendAsync(train, ct);
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        JsonElement personal = default;
        await Eventually.UntilAsync(async () =>
        {
            personal = await GetAsync(client, $"/api/recommendations?sessionId={session}&n=5", ct);
            return personal.GetProperty("source").GetString() == "personal" && personal.GetProperty("productIds").GetArrayLength() == 5;
        }, Deadline, TimeSpan.FromMilliseconds(250), "the session's views recorded, the model trained and the demo catalog seeded", ct);
        var recommended = personal.GetProperty("productIds").EnumerateArray().Select(p => p.GetString()!).ToArray();
        Assert.Empty(recommended.Intersect(viewed));
        Assert.StartsWith("20", personal.GetProperty("modelVersion").GetString(), StringComparison.Ordinal);

        // Which part answered is in the answer and the header, and the admin API and health say the same and why.
        var (answer, header) = await GetAnswerAsync(client, $"/api/recommendations?sessionId={session}&n=5", ct);
        var status = await ModelStatusAsync(client, ct);
        var answeredBy = answer.GetProperty("answeredBy").GetString();
        Assert.Contains(answeredBy, new[] { "model", "co-occurrence" });
        Assert.Equal(answeredBy, header);
        Assert.Equal(answeredBy, status.GetProperty("answeredBy").GetString());
        Assert.Equal(answer.GetProperty("modelVersion").GetString(), status.GetProperty("model").GetProperty("version").GetString());
        Assert.Equal(status.GetProperty("hasRanker").GetBoolean(), !status.TryGetProperty("warning", out _));
        using var health = await client.GetAsync("/api/catalog/health", ct);
        var recommendationsHealth = (await health.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("dependencies").GetProperty("recommendations");
        Assert.Equal(status.GetProperty("hasRanker").GetBoolean() ? "Healthy" : "Degraded", recommendationsHealth.GetProperty("status").GetString());

        var related = await GetAsync(client, "/api/products/demo-000001/related?n=4", ct);
        Assert.Equal("related", related.GetProperty("source").GetString());
        Assert.Equal(4, related.GetProperty("productIds").GetArrayLength());
        Assert.DoesNotContain("demo-000001", related.GetProperty("productIds").EnumerateArray().Select(p => p.GetString()));
    }

    [Theory]
    [InlineData("/api/recommendations?n=0", HttpStatusCode.BadRequest)]
    [InlineData("/api/recommendations?n=101", HttpStatusCode.BadRequest)]
    [InlineData("/api/recommendations?n=ten", HttpStatusCode.BadRequest)]
    [InlineData("/api/recommendations?customerId=a&customerId=b", HttpStatusCode.BadRequest)]
    [InlineData("/api/recommendations?sessionId=%01x", HttpStatusCode.BadRequest)]
    [InlineData("/api/products/demo-000001/related?n=-1", HttpStatusCode.BadRequest)]
    [InlineData("/api/products/no-such-product/related", HttpStatusCode.NotFound)]
    [InlineData("/api/products/NOT..AN..ID/related", HttpStatusCode.NotFound)]
    public async Task Bad_input_is_refused_with_problem_details(string path, HttpStatusCode expected)
    {
        using var client = factory.CreateClient();
        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Without_any_history_or_model_a_customer_still_gets_an_answer()
    {
        using var client = factory.CreateClient();
        var customerId = $"new-{Guid.NewGuid():N}";
        client.DefaultRequestHeaders.Authorization = new("Bearer", await BearerAsync(client, customerId));
        var answer = await GetAsync(client, $"/api/recommendations?customerId={customerId}", TestContext.Current.CancellationToken);

        Assert.Equal("trending", answer.GetProperty("source").GetString());
        Assert.True(answer.GetProperty("productIds").GetArrayLength() <= 10);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("another-customer")]
    [InlineData("not-a-token")]
    public async Task Personal_recommendations_are_not_found_without_that_customers_bearer_token(string? caller)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = factory.CreateClient();
        if (caller is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", caller == "not-a-token" ? caller : await BearerAsync(client, caller));
        }

        using var response = await client.GetAsync("/api/recommendations?customerId=the-customer", ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    static async Task<string> BearerAsync(HttpClient client, string customerId)
    {
        using var minted = await client.PostAsJsonAsync("/api/dev/token", new { customerId }, TestContext.Current.CancellationToken);
        minted.EnsureSuccessStatusCode();
        return (await minted.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("accessToken").GetString()!;
    }

    static async Task<(JsonElement Body, string? AnsweredBy)> GetAnswerAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var header = response.Headers.TryGetValues("X-Recommendations-Answered-By", out var values) ? values.Single() : null;
        return (await response.Content.ReadFromJsonAsync<JsonElement>(ct), header);
    }

    static async Task<JsonElement> ModelStatusAsync(HttpClient client, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/admin/recommendations/model");
        request.Headers.Add("x-functions-key", "local-admin-key");
        using var response = await client.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }

    static async Task<JsonElement> GetAsync(HttpClient client, string path, CancellationToken ct)
    {
        using var response = await client.GetAsync(path, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>(ct);
    }
}
