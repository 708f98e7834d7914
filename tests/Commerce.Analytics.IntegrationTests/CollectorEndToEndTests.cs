using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Commerce.Analytics.Testing;
using Commerce.Testing;

namespace Commerce.Analytics.IntegrationTests;

/// <summary>Through the dev host on Kestrel: collector → in-process stream → batch processor → summary.</summary>
public sealed class CollectorEndToEndTests : IAsyncLifetime
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);
    DevHostServer server = null!;

    public async ValueTask InitializeAsync() => server = await DevHostServer.StartAsync();

    public ValueTask DisposeAsync() => server.DisposeAsync();

    static string Now => DateTimeOffset.UtcNow.AddSeconds(-1).ToString("O", CultureInfo.InvariantCulture);

    static object PageView(string id, string session = "s1") => new { id, type = "page_view", sessionId = session, timestamp = Now, device = "desktop", country = "FR" };

    Task<HttpResponseMessage> PostAsync(object body) => server.Client.PostAsJsonAsync("api/events", body, TestContext.Current.CancellationToken);

    Task<HttpResponseMessage> PostRawAsync(string body) => server.Client.PostAsync("api/events", new StringContent(body, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    Task UntilPageViewsAsync(long expected) => Eventually.UntilAsync(
        async () => DevHostServer.Count(await server.SummaryAsync(TestContext.Current.CancellationToken), "pageViews") == expected,
        Deadline,
        because: $"the summary should show {expected} page views",
        cancellationToken: TestContext.Current.CancellationToken);

    [Fact]
    public async Task Posted_events_and_the_platforms_purchases_become_visible_in_the_summary_with_revenue()
    {
        var response = await PostAsync(new
        {
            events = new object[]
            {
                PageView("e2e-1"),
                new { id = "e2e-2", type = "product_view", sessionId = "s1", timestamp = Now, productId = "sku-7" },
            },
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await server.PublishServerSideAsync(new Commerce.Contracts.StorefrontEvent
        {
            Id = "purchase-o-1", Type = "purchase", SessionId = "s1", Timestamp = DateTimeOffset.UtcNow.AddSeconds(-1),
            OrderId = "o-1", Value = 12_345, Currency = "USD", ProductId = "sku-7",
        });

        await UntilPageViewsAsync(1);
        await Eventually.UntilAsync(async () => DevHostServer.Count(await server.SummaryAsync(TestContext.Current.CancellationToken), "purchases") == 1, Deadline, cancellationToken: TestContext.Current.CancellationToken);
        var summary = await server.SummaryAsync(TestContext.Current.CancellationToken);
        Assert.Equal(12_345, summary.GetProperty("totals").GetProperty("revenue").GetProperty("USD").GetInt64());
        Assert.Equal("sku-7", summary.GetProperty("topProductsByViews")[0].GetProperty("key").GetString());
        Assert.Equal(1, summary.GetProperty("byCountry").GetProperty("FR").GetProperty("pageViews").GetInt64());
    }

    [Fact]
    public async Task A_client_purchase_event_is_refused_naming_it_and_nothing_of_its_batch_is_counted()
    {
        var response = await PostAsync(new
        {
            events = new object[]
            {
                PageView("forged-batch-view"),
                new { id = "forged-purchase", type = "purchase", sessionId = "s1", timestamp = Now, orderId = "o-forged", value = 999_999, currency = "USD", productId = "sku-7" },
            },
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("forged-purchase", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, (await PostAsync(new { events = new[] { PageView("marker-after-forged") } })).StatusCode);
        await UntilPageViewsAsync(1);
        var summary = await server.SummaryAsync(TestContext.Current.CancellationToken);
        Assert.Equal((0L, 0), (DevHostServer.Count(summary, "purchases"), summary.GetProperty("totals").GetProperty("revenue").EnumerateObject().Count()));
    }

    [Theory]
    [InlineData("api/analytics/summary")]
    [InlineData("api/analytics/dashboard")]
    public async Task Analytics_reads_are_not_found_without_the_admin_key(string path)
    {
        using var anonymous = await server.Client.GetAsync(path, TestContext.Current.CancellationToken);
        using var keyed = await server.Client.GetAsync($"{path}?code={Uri.EscapeDataString(server.AdminKey)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, anonymous.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, keyed.StatusCode);
    }

    [Fact]
    public async Task The_summary_answers_a_bearer_with_the_admin_app_role_and_no_other_bearer()
    {
        using var staff = await SummaryWithBearerAsync(new { customerId = "staff-1", roles = new[] { "Commerce.Admin" } });
        using var customer = await SummaryWithBearerAsync(new { customerId = "shopper-1" });
        using var otherRole = await SummaryWithBearerAsync(new { customerId = "shopper-2", roles = new[] { "Commerce.Reader" } });

        Assert.Equal(HttpStatusCode.OK, staff.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, customer.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, otherRole.StatusCode);
        Assert.Equal("application/problem+json", customer.Content.Headers.ContentType?.MediaType);
    }

    async Task<HttpResponseMessage> SummaryWithBearerAsync(object tokenRequest)
    {
        using var minted = await server.Client.PostAsJsonAsync("api/dev/token", tokenRequest, TestContext.Current.CancellationToken);
        minted.EnsureSuccessStatusCode();
        var token = (await minted.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("accessToken").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/analytics/summary");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return await server.Client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_partly_invalid_batch_is_accepted_for_its_valid_events_and_lists_the_rejected_ones()
    {
        var response = await PostAsync(new { events = new object[] { PageView("ok-1"), new { id = "bad-1", type = "teleport", sessionId = "s", timestamp = Now } } });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(1, body.GetProperty("accepted").GetInt32());
        var rejected = Assert.Single(body.GetProperty("rejected").EnumerateArray());
        Assert.Equal("bad-1", rejected.GetProperty("id").GetString());
        Assert.Contains("unknown type", rejected.GetProperty("reason").GetString(), StringComparison.Ordinal);
        await UntilPageViewsAsync(1);
    }

    [Fact]
    public async Task Reposting_a_batch_changes_no_figure()
    {
        var batch = new { events = new[] { PageView("dup-1"), PageView("dup-2", "s2") } };
        await PostAsync(batch);
        await UntilPageViewsAsync(2);

        await PostAsync(batch);
        await PostAsync(new { events = new[] { PageView("marker") } });

        // The stream is ordered: once the marker is counted, the replay before it has been processed too.
        await UntilPageViewsAsync(3);
        var summary = await server.SummaryAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, summary.GetProperty("totals").GetProperty("uniqueSessions").GetInt64());
    }

    [Theory]
    [InlineData("{\"events\": [", "not valid JSON")]
    [InlineData("{\"events\": []}", "no events")]
    [InlineData("{\"events\": [{\"id\": \"x\", \"type\": \"nope\", \"sessionId\": \"s\", \"timestamp\": \"2026-01-01T00:00:00Z\"}]}", "No event in the batch is valid")]
    public async Task A_malformed_or_wholly_invalid_batch_is_refused_with_problem_details(string body, string detail)
    {
        var response = await PostRawAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.EndsWith("/clickstream-batch", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_than_500_events_are_refused()
    {
        var response = await PostAsync(new { events = Enumerable.Range(0, 501).Select(i => PageView("many-" + i)).ToArray() });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("501 events", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("granularity=week", "granularity")]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-11-25T12:00:00Z&to=2026-11-25T11:00:00Z", "from")]
    [InlineData("from=2026-11-01T00:00:00Z&to=2026-11-25T00:00:00Z&granularity=minute", "to")]
    public async Task An_invalid_summary_range_is_a_validation_problem(string query, string field)
    {
        var response = await server.Client.GetAsync($"api/analytics/summary?code={Uri.EscapeDataString(server.AdminKey)}&" + query, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task The_dashboard_is_a_self_contained_page_that_polls_the_summary()
    {
        var response = await server.Client.GetAsync("api/analytics/dashboard?code=" + Uri.EscapeDataString(server.AdminKey), TestContext.Current.CancellationToken);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("id=\"funnel\"", html, StringComparison.Ordinal);
        Assert.Contains("'summary?from='", html, StringComparison.Ordinal);
        Assert.Contains("'x-functions-key': adminKey", html, StringComparison.Ordinal);
        Assert.Contains("'Authorization': 'Bearer ' + adminToken", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html.Replace("http://www.w3.org/2000/svg", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }
}
