using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Commerce.Testing;

namespace Commerce.Catalog.IntegrationTests;

[Collection(DevHostCollection.Name)]
public sealed class StorefrontAndAdminTests(CatalogDevHost host) : IAsyncLifetime
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await host.WithCategoriesAsync(Ct);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    static string NewId() => "t" + Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task A_product_created_through_the_admin_api_is_found_by_search_within_a_second()
    {
        using var admin = host.Admin();
        using var client = host.CreateClient();
        var word = "zephyrine" + Guid.NewGuid().ToString("N")[..6];
        var id = NewId();

        (await admin.PostAsJsonAsync("/api/admin/products", CatalogDevHost.Product(id, $"Alpaca {word} Scarf"), Ct)).EnsureSuccessStatusCode();

        await Eventually.UntilAsync(async () =>
        {
            var results = await client.GetFromJsonAsync<JsonElement>($"/api/search?q={word}", Ct);
            return results.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("id").GetString() == id);
        }, TimeSpan.FromSeconds(1), because: "a catalog write is searchable within 1 s", cancellationToken: Ct);
        var suggestions = await client.GetFromJsonAsync<JsonElement>($"/api/search/suggest?q=alpaca%20{word[..5]}", Ct);
        Assert.Contains($"Alpaca {word} Scarf", suggestions.GetProperty("items").EnumerateArray().Select(s => s.GetString()));
    }

    /// <summary>RFC 9110: <c>If-Match = "*" / #entity-tag</c>. A header outside that grammar names no version, so nothing is written.</summary>
    [Theory]
    [InlineData("{0}, *")] // * beside a tag
    [InlineData("{0} junk")] // text after the tag
    [InlineData("w/{0}")] // W/ is case-sensitive
    [InlineData("unquoted")]
    public async Task A_product_change_with_a_malformed_if_match_gets_412_and_changes_nothing(string format)
    {
        using var admin = host.Admin();
        var id = NewId();
        (await admin.PostAsJsonAsync("/api/admin/products", CatalogDevHost.Product(id, "Precondition Test Scarf " + id), Ct)).EnsureSuccessStatusCode();
        using var read = await admin.GetAsync($"/api/products/{id}", Ct);
        var etag = read.Headers.ETag!.ToString();

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/admin/products/{id}") { Content = new StringContent("""{"description":"Changed."}""", Encoding.UTF8, "application/merge-patch+json") };
        Assert.True(patch.Headers.TryAddWithoutValidation("If-Match", string.Format(System.Globalization.CultureInfo.InvariantCulture, format, etag)));
        using var refused = await admin.SendAsync(patch, Ct);

        Assert.Equal(HttpStatusCode.PreconditionFailed, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var after = await admin.GetAsync($"/api/products/{id}", Ct);
        Assert.Equal(etag, after.Headers.ETag!.ToString());
        Assert.NotEqual("Changed.", (await after.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("description").GetString());
    }

    [Fact]
    public async Task Product_reads_carry_an_etag_and_answer_304_until_the_product_changes()
    {
        using var admin = host.Admin();
        using var client = host.CreateClient();
        var id = NewId();
        (await admin.PostAsJsonAsync("/api/admin/products", CatalogDevHost.Product(id, "Etag Test Sweater " + id), Ct)).EnsureSuccessStatusCode();

        using var first = await client.GetAsync($"/api/products/{id}", Ct);
        var etag = first.Headers.ETag!;
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.NotNull(first.Headers.CacheControl);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/api/products/{id}") { Headers = { IfNoneMatch = { etag } } };
        using var notModified = await client.SendAsync(conditional, Ct);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"/api/admin/products/{id}") { Content = new StringContent("""{"description":"Now softer."}""", Encoding.UTF8, "application/merge-patch+json") };
        (await admin.SendAsync(patch, Ct)).EnsureSuccessStatusCode();
        using var again = new HttpRequestMessage(HttpMethod.Get, $"/api/products/{id}") { Headers = { IfNoneMatch = { etag } } };
        using var changed = await client.SendAsync(again, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        var product = await changed.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Now softer.", product.GetProperty("description").GetString());

        var slug = product.GetProperty("slug").GetString();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/products/by-slug/{slug}", Ct)).StatusCode);
    }

    [Theory]
    [InlineData("POST", "/api/admin/products")]
    [InlineData("PUT", "/api/admin/products/p1")]
    [InlineData("PATCH", "/api/admin/products/p1")]
    [InlineData("POST", "/api/admin/products/p1/archive")]
    [InlineData("POST", "/api/admin/products/p1/images")]
    [InlineData("POST", "/api/admin/products/import")]
    [InlineData("PUT", "/api/admin/categories/c1")]
    public async Task Admin_routes_answer_404_problem_details_without_a_function_key(string method, string path)
    {
        using var client = host.CreateClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };

        using var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_function_key_is_404_too()
    {
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", "guess");

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/api/admin/products", new StringContent("{}"), Ct)).StatusCode);
    }

    [Theory]
    [InlineData("POST", "/api/admin/products", "not json")]
    [InlineData("POST", "/api/admin/products", "")]
    [InlineData("POST", "/api/admin/products", "null")]
    [InlineData("POST", "/api/admin/products", "[]")]
    [InlineData("POST", "/api/admin/products", """{"name": 5}""")]
    [InlineData("POST", "/api/admin/products", """{"name": "x"}""")]
    [InlineData("POST", "/api/admin/products", """{"id":"BAD ID","name":"x","brand":"b","categoryId":"knitwear","variants":[{"sku":"a","prices":{"USD":1}}]}""")]
    [InlineData("POST", "/api/admin/products", """{"name":"x","brand":"b","categoryId":"knitwear","status":"sold-out","variants":[{"sku":"a","prices":{"USD":1}}]}""")]
    [InlineData("POST", "/api/admin/products", """{"name":"x","brand":"b","categoryId":"knitwear","variants":[{"sku":"a","prices":{"USD":1.5}}]}""")]
    [InlineData("POST", "/api/admin/products", """{"name":"x","brand":"b","categoryId":"knitwear","variants":[{"sku":"a","prices":{"USD":99999999999999999999}}]}""")]
    [InlineData("POST", "/api/admin/products", """{"name":"x","brand":"b","categoryId":"knitwear","variants":[null]}""")]
    [InlineData("PUT", "/api/admin/products/p-bad", """{"name":"x","variants":"many"}""")]
    [InlineData("PATCH", "/api/admin/products/p-missing", "[1,2]")]
    [InlineData("POST", "/api/admin/products/import", "")]
    [InlineData("PUT", "/api/admin/categories/c1", """{"name":""}""")]
    [InlineData("POST", "/api/admin/products/p1/images", "plain text is not an image")]
    public async Task Malformed_admin_bodies_are_400_problem_details(string method, string path, string body)
    {
        using var admin = host.Admin();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

        using var response = await admin.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("/api/search?sort=cheap")]
    [InlineData("/api/search?minPrice=abc")]
    [InlineData("/api/search?pageSize=0")]
    [InlineData("/api/search?page=-3")]
    [InlineData("/api/search?currency=ABC")]
    [InlineData("/api/search/suggest")]
    [InlineData("/api/products?pageSize=five")]
    [InlineData("/api/products?category=NOT%20AN%20ID")]
    public async Task Malformed_query_parameters_are_400_problem_details(string path)
    {
        using var client = host.CreateClient();

        using var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("GET", "/api/search?minPrice=900&maxPrice=100", null, "price-range")]
    [InlineData("GET", "/api/products?continuation=garbage", null, "unknown-continuation")]
    [InlineData("PUT", "/api/admin/categories/c1", """{"name":"C","parentId":"nowhere"}""", "unknown-parent-category")]
    [InlineData("PUT", "/api/admin/categories/knitwear", """{"name":"Knitwear","parentId":"knitwear"}""", "category-cycle")]
    public async Task Well_formed_requests_that_break_a_rule_are_422_problem_details_of_its_type(string method, string path, string? body, string type)
    {
        using var admin = host.Admin();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : new StringContent(body, Encoding.UTF8, "application/json") };

        using var response = await admin.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("https://commerce-functions.dev/problems/" + type, System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))?["type"]?.GetValue<string>());
    }

    [Fact]
    public async Task A_png_uploaded_as_photo_jpg_is_stored_and_served_as_png()
    {
        using var admin = host.Admin();
        var id = NewId();
        (await admin.PostAsJsonAsync("/api/admin/products", CatalogDevHost.Product(id, "Image Test " + id), Ct)).EnsureSuccessStatusCode();
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52];
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(png);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        form.Add(file, "image", "photo.jpg");

        using var response = await admin.PostAsync($"/api/admin/products/{id}/images", form, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var image = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("images")[0];
        Assert.Equal("image/png", image.GetProperty("contentType").GetString());
        using var served = await host.CreateClient().GetAsync(image.GetProperty("url").GetString(), Ct);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await served.Content.ReadAsByteArrayAsync(Ct));
    }

    [Fact]
    public async Task An_oversized_image_is_refused_with_413()
    {
        using var admin = host.Admin();
        var big = new byte[6 * 1024 * 1024];
        big[0] = 0xFF;
        big[1] = 0xD8;
        big[2] = 0xFF;

        using var response = await admin.PostAsync("/api/admin/products/p1/images", new ByteArrayContent(big), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_json_lines_feed_imports_the_valid_lines_and_reports_the_rest()
    {
        using var admin = host.Admin();
        var a = NewId();
        var b = NewId();
        var feed = string.Join('\n', JsonSerializer.Serialize(CatalogDevHost.Product(a, "Feed One " + a)), "{broken", JsonSerializer.Serialize(CatalogDevHost.Product(b, "Feed Two " + b)));

        using var response = await admin.PostAsync("/api/admin/products/import", new StringContent(feed, Encoding.UTF8, "application/x-ndjson"), Ct);

        var report = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(2, report.GetProperty("imported").GetInt32());
        Assert.Equal(2, report.GetProperty("failures")[0].GetProperty("line").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await host.CreateClient().GetAsync($"/api/products/{b}", Ct)).StatusCode);
    }

    [Fact]
    public async Task The_category_tree_and_category_listing_are_served()
    {
        using var client = host.CreateClient();
        using var admin = host.Admin();
        var id = NewId();
        (await admin.PostAsJsonAsync("/api/admin/products", CatalogDevHost.Product(id, "Listing Test " + id), Ct)).EnsureSuccessStatusCode();

        var tree = await client.GetFromJsonAsync<JsonElement>("/api/categories", Ct);
        var listing = await client.GetFromJsonAsync<JsonElement>("/api/products?category=clothing&pageSize=100", Ct);

        Assert.Contains(tree.EnumerateArray(), c => c.GetProperty("id").GetString() == "clothing" && c.GetProperty("children")[0].GetProperty("id").GetString() == "knitwear");
        Assert.Contains(listing.GetProperty("items").EnumerateArray(), i => i.GetProperty("id").GetString() == id);
    }
}
