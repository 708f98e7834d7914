using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Cart.IntegrationTests;

[CollectionDefinition(Name)]
public sealed class CartDevHostCollection : ICollectionFixture<CartDevHost>
{
    public const string Name = "Cart dev host";
}

[CollectionDefinition(Name)]
public sealed class CosmosCartDevHostCollection : ICollectionFixture<CosmosCartDevHost>
{
    public const string Name = "Cart dev host on Cosmos DB";
}

/// <summary>The storefront flow on the embedded SQLite store.</summary>
[Collection(CartDevHostCollection.Name)]
public sealed class SqliteStorefrontFlowTests(CartDevHost host) : StorefrontFlowTests(host);

/// <summary>The same storefront flow with every app on the Cosmos DB adapter (against the Cosmos DB server).</summary>
[Collection(CosmosCartDevHostCollection.Name)]
public sealed class CosmosStorefrontFlowTests(CosmosCartDevHost host) : StorefrontFlowTests(host);

/// <summary>The storefront's calls through the dev host: the same function classes the cart app deploys, once per document store adapter.</summary>
public abstract class StorefrontFlowTests(CartDevHost host)
{
    StorefrontClient NewClient() => new(host.CreateClient());

    [Fact]
    public void Every_app_runs_on_the_document_store_adapter_the_host_names()
    {
        var adapter = host.Services.GetRequiredKeyedService<IDocumentStore>(DocumentStoreServiceCollectionExtensions.AdapterKey);

        Assert.Equal(host.Provider == Commerce.Testing.DocumentProvider.Cosmos ? typeof(Commerce.Documents.Cosmos.CosmosDocumentStore) : typeof(Commerce.Documents.Sqlite.SqliteDocumentStore), adapter.GetType());
    }

    /// <summary>The EU worked example (WorkedExampleTests): subtotal 111.88, discount 11.19, shipping 5.90, tax 16.00 included, total 106.59.</summary>
    [Fact]
    public async Task Storefront_flow_create_add_three_lines_apply_a_code_set_destination_gives_the_worked_example_totals()
    {
        var client = NewClient();
        Assert.Equal(HttpStatusCode.Created, (await client.CreateAsync("""{"currency":"EUR"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.AddAsync("TSHIRT-M", 2)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.AddAsync("JEANS-32", 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.AddAsync("BOOK-1", 1)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Post, $"/api/carts/{client.CartId}/promotions", """{"code":"save10"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(HttpMethod.Put, $"/api/carts/{client.CartId}/destination", """{"country":"de","postalCode":"10115"}""")).StatusCode);

        using var response = await client.GetAsync();
        using var cart = await StorefrontClient.ReadAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(client.ETag, response.Headers.ETag?.Tag);
        var root = cart.RootElement;
        Assert.Equal(("EUR", 11188, 1119, 590, 1600, 10659), (root.GetProperty("currency").GetString(), StorefrontClient.Minor(root, "subtotal"), StorefrontClient.Minor(root, "discount"), StorefrontClient.Minor(root, "shipping"), StorefrontClient.Minor(root, "tax"), StorefrontClient.Minor(root, "total")));
        Assert.True(root.GetProperty("pricesIncludeTax").GetBoolean());
        Assert.Equal(["TSHIRT-M", "JEANS-32", "BOOK-1"], root.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("sku").GetString()));
        Assert.All(root.GetProperty("lines").EnumerateArray(), l => Assert.Equal("ok", l.GetProperty("status").GetString()));
        Assert.True(root.GetProperty("promotions")[0].GetProperty("applied").GetBoolean());
    }

    [Fact]
    public async Task Changing_and_removing_lines_and_codes_reprice_the_cart()
    {
        var client = NewClient();
        await client.CreateAsync();
        await client.AddAsync("SOCKS", 2);
        await client.AddAsync("SOCKS", 1);
        await client.SendAsync(HttpMethod.Post, $"/api/carts/{client.CartId}/promotions", """{"code":"SAVE10"}""");

        using var patched = await client.SendAsync(HttpMethod.Patch, $"/api/carts/{client.CartId}/items/SOCKS", """{"quantity":5}""");
        Assert.Equal(2500 - 250, await StorefrontClient.TotalAsync(patched, "total"));
        using var unpromoted = await client.SendAsync(HttpMethod.Delete, $"/api/carts/{client.CartId}/promotions/save10", null);
        Assert.Equal(2500, await StorefrontClient.TotalAsync(unpromoted, "total"));
        using var removed = await client.SendAsync(HttpMethod.Delete, $"/api/carts/{client.CartId}/items/SOCKS", null);
        Assert.Equal(0, await StorefrontClient.TotalAsync(removed, "total"));
        using var missing = await client.SendAsync(HttpMethod.Delete, $"/api/carts/{client.CartId}/items/SOCKS", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Adding_changing_and_removing_lines_publish_clickstream_events()
    {
        var client = NewClient();
        await client.CreateAsync();
        await client.AddAsync("SOCKS", 2);
        await client.SendAsync(HttpMethod.Put, $"/api/carts/{client.CartId}/items/SOCKS", """{"quantity":3}""");
        await client.SendAsync(HttpMethod.Delete, $"/api/carts/{client.CartId}/items/SOCKS", null);

        var events = host.Clickstream.Events.Where(e => e.SessionId == client.CartId).ToList();

        Assert.Equal(
            [(StorefrontEventTypes.AddToCart, 1000L), (StorefrontEventTypes.AddToCart, 500L), (StorefrontEventTypes.RemoveFromCart, 1500L)],
            events.Select(e => (e.Type, e.Value!.Value)));
        Assert.All(events, e => Assert.Equal(("SOCKS", "EUR"), (e.ProductId, e.Currency)));
        Assert.Equal(3, events.Select(e => e.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("null")]
    [InlineData("42")]
    [InlineData("""{"sku":"SOCKS"}""")]
    [InlineData("""{"quantity":1}""")]
    [InlineData("""{"sku":"","quantity":1}""")]
    [InlineData("""{"sku":"SOCKS","quantity":0}""")]
    [InlineData("""{"sku":"SOCKS","quantity":-1}""")]
    [InlineData("""{"sku":"SOCKS","quantity":11}""")]
    [InlineData("""{"sku":"SOCKS","quantity":2147483648}""")]
    [InlineData("""{"sku":"SOCKS","quantity":1e30}""")]
    [InlineData("""{"sku":"SOCKS","quantity":1.5}""")]
    [InlineData("""{"sku":"SOCKS","quantity":"two"}""")]
    [InlineData("""{"sku":["SOCKS"],"quantity":1}""")]
    [InlineData("""{"sku":"NOT-IN-CATALOG","quantity":1}""")]
    [InlineData("""{"sku":"OLD","quantity":1}""")]
    public async Task Malformed_or_out_of_range_add_line_bodies_get_400_problem_details_and_change_nothing(string body)
    {
        var client = NewClient();
        await client.CreateAsync();
        using var before = await client.GetAsync();

        using var response = await client.SendAsync(HttpMethod.Post, $"/api/carts/{client.CartId}/items", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var after = await client.GetAsync();
        Assert.Equal(before.Headers.ETag, after.Headers.ETag);
    }

    [Theory]
    [InlineData("POST", "/promotions", """{"code":"NOPE"}""")]
    [InlineData("POST", "/promotions", """{"code":""}""")]
    [InlineData("POST", "/promotions", """{"code":7}""")]
    [InlineData("PUT", "/destination", """{"country":"DEU"}""")]
    [InlineData("PUT", "/destination", """{"country":"JP"}""")]
    [InlineData("PUT", "/destination", """{}""")]
    [InlineData("PUT", "/items/SOCKS", """{"quantity":0}""")]
    [InlineData("PATCH", "/items/SOCKS", """{"quantity":-5}""")]
    [InlineData("PATCH", "/items/SOCKS", """{"quantity":null}""")]
    public async Task Malformed_change_bodies_get_400_problem_details(string method, string path, string body)
    {
        var client = NewClient();
        await client.CreateAsync();
        await client.AddAsync("SOCKS", 1);

        using var response = await client.SendAsync(new HttpMethod(method), $"/api/carts/{client.CartId}{path}", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("""{"currency":"XYZ"}""")]
    [InlineData("""{"currency":12}""")]
    [InlineData("""{"currency":""")]
    public async Task Creating_a_cart_in_an_unknown_currency_or_with_a_malformed_body_gets_400(string body)
    {
        using var response = await NewClient().CreateAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_wrong_or_missing_cart_token_gets_the_same_404_as_a_cart_that_does_not_exist()
    {
        var client = NewClient();
        await client.CreateAsync();
        var token = client.Token;

        client.Token = "wrong-" + token;
        using var wrong = await client.GetAsync();
        client.Token = null;
        using var missing = await client.GetAsync();
        client.Token = token;
        client.CartId = "doesnotexist";
        using var absent = await client.GetAsync();

        Assert.All([wrong, missing, absent], r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        var bodies = await Task.WhenAll(new[] { wrong, missing, absent }.Select(r => r.Content.ReadAsStringAsync()));
        Assert.Single(bodies.Distinct());
    }

    [Fact]
    public async Task A_change_without_if_match_gets_428_and_a_stale_one_gets_412_with_the_current_cart()
    {
        var client = NewClient();
        await client.CreateAsync();
        var original = client.ETag;
        client.ETag = null;
        using var missing = await client.AddAsync("SOCKS", 1);
        client.ETag = original;
        await client.AddAsync("SOCKS", 1);
        var current = client.ETag;
        client.ETag = original;

        using var stale = await client.AddAsync("JEANS-32", 1);

        Assert.Equal((HttpStatusCode)428, missing.StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal(current, stale.Headers.ETag?.Tag);
        using var body = await StorefrontClient.ReadAsync(stale);
        Assert.Equal(["SOCKS"], body.RootElement.GetProperty("cart").GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("sku").GetString()));
    }

    /// <summary>What a browser or a plain HTTP client does: read the ETag header as text and send it back as is.</summary>
    [Fact]
    public async Task The_etag_header_a_cart_answers_with_is_an_entity_tag_that_if_match_accepts_as_sent()
    {
        var client = NewClient();
        using var created = await client.CreateAsync();
        var etag = created.Headers.GetValues("ETag").Single();
        Assert.Matches(EntityTagPattern, etag);

        using var added = await RawChangeAsync(client, etag);

        Assert.Equal(HttpStatusCode.OK, added.StatusCode);
        var next = added.Headers.GetValues("ETag").Single();
        Assert.Matches(EntityTagPattern, next);
        Assert.NotEqual(etag, next);
        using var again = await client.GetAsync();
        Assert.Equal(next, again.Headers.GetValues("ETag").Single());
    }

    [Fact]
    public async Task If_match_star_or_a_list_naming_the_current_tag_changes_the_cart_and_a_list_of_old_tags_does_not()
    {
        var client = NewClient();
        using var created = await client.CreateAsync();
        var first = created.Headers.GetValues("ETag").Single();

        using var star = await RawChangeAsync(client, "*");
        var second = star.Headers.GetValues("ETag").Single();
        using var listed = await RawChangeAsync(client, $"\"other\", W/\"weak\", {second}");
        var third = listed.Headers.GetValues("ETag").Single();
        using var old = await RawChangeAsync(client, $"{first}, {second}");
        using var weak = await RawChangeAsync(client, "W/" + third);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (star.StatusCode, listed.StatusCode));
        Assert.Equal((HttpStatusCode.PreconditionFailed, HttpStatusCode.PreconditionFailed), (old.StatusCode, weak.StatusCode));
        Assert.Equal(third, old.Headers.GetValues("ETag").Single());
        using var cart = await StorefrontClient.ReadAsync(await client.GetAsync());
        Assert.Equal(2, cart.RootElement.GetProperty("lines")[0].GetProperty("quantity").GetInt32());
    }

    /// <summary>RFC 9110: <c>If-Match = "*" / #entity-tag</c>. A header outside that grammar names no version, so nothing changes.</summary>
    [Theory]
    [InlineData("{0}, *")] // * beside a tag
    [InlineData("*, {0}")]
    [InlineData("{0} junk")] // text after the tag
    [InlineData("w/{0}")] // W/ is case-sensitive
    [InlineData("unquoted")]
    [InlineData("\"unterminated")]
    public async Task A_malformed_if_match_gets_412_with_the_current_cart_and_changes_nothing(string format)
    {
        var client = NewClient();
        using var created = await client.CreateAsync();
        var etag = created.Headers.GetValues("ETag").Single();

        using var malformed = await RawChangeAsync(client, string.Format(System.Globalization.CultureInfo.InvariantCulture, format, etag));

        Assert.Equal(HttpStatusCode.PreconditionFailed, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);
        Assert.Equal(etag, malformed.Headers.GetValues("ETag").Single());
        using var cart = await StorefrontClient.ReadAsync(await client.GetAsync());
        Assert.Empty(cart.RootElement.GetProperty("lines").EnumerateArray());
    }

    static readonly System.Text.RegularExpressions.Regex EntityTagPattern = new("^(W/)?\"[\\x21\\x23-\\x7E\\x80-\\xFF]*\"$");

    /// <summary>Adds one SOCKS with <paramref name="ifMatch"/> sent verbatim as the If-Match header.</summary>
    async Task<HttpResponseMessage> RawChangeAsync(StorefrontClient client, string ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/carts/{client.CartId}/items") { Content = new StringContent("""{"sku":"SOCKS","quantity":1}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Cart-Token", client.Token);
        Assert.True(request.Headers.TryAddWithoutValidation("If-Match", ifMatch));
        return await client.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Concurrent_add_line_calls_over_http_never_lose_a_line()
    {
        var creator = NewClient();
        await creator.CreateAsync();
        var skus = CartSeed.Skus.Where(s => s.Sku.StartsWith("BULK-", StringComparison.Ordinal)).Take(12).Select(s => s.Sku).ToList();

        await Task.WhenAll(skus.Select(async sku =>
        {
            var client = new StorefrontClient(host.CreateClient()) { CartId = creator.CartId, Token = creator.Token, ETag = creator.ETag };
            while (true)
            {
                using var response = await client.AddAsync(sku, 1);
                if (response.StatusCode != HttpStatusCode.PreconditionFailed)
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    return;
                }

                client.ETag = response.Headers.ETag?.Tag;
            }
        }));

        using var final = await creator.GetAsync();
        using var cart = await StorefrontClient.ReadAsync(final);
        Assert.Equal(skus.Order(), cart.RootElement.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("sku").GetString()!).Order());
    }

    [Fact]
    public async Task Signing_in_merges_the_guest_cart_into_the_customer_cart()
    {
        var customerId = "cust-" + Guid.NewGuid().ToString("N");
        var customer = NewClient();
        await customer.SignInAsync(customerId);
        Assert.Equal(HttpStatusCode.Created, (await customer.CreateAsync()).StatusCode);
        Assert.Null(customer.Token);
        await customer.AddAsync("TSHIRT-M", 1);
        var guest = NewClient();
        await guest.CreateAsync();
        await guest.AddAsync("TSHIRT-M", 2);
        await guest.AddAsync("BOOK-1", 1);

        guest.Bearer = customer.Bearer;
        using var merged = await guest.SendAsync(HttpMethod.Post, $"/api/carts/{guest.CartId}/merge", null);

        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        using var body = await StorefrontClient.ReadAsync(merged);
        Assert.Equal(customer.CartId, body.RootElement.GetProperty("cart").GetProperty("id").GetString());
        Assert.Equal([("TSHIRT-M", 3), ("BOOK-1", 1)], body.RootElement.GetProperty("cart").GetProperty("lines").EnumerateArray().Select(l => (l.GetProperty("sku").GetString(), l.GetProperty("quantity").GetInt32())));
        guest.Bearer = null;
        Assert.Equal(HttpStatusCode.NotFound, (await guest.GetAsync()).StatusCode);
        using var again = await customer.GetAsync();
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Customer_carts_need_the_customers_own_valid_bearer_token()
    {
        var owner = NewClient();
        await owner.SignInAsync("cust-" + Guid.NewGuid().ToString("N"));
        await owner.CreateAsync();
        var other = new StorefrontClient(host.CreateClient()) { CartId = owner.CartId };
        await other.SignInAsync("cust-" + Guid.NewGuid().ToString("N"));
        var forged = new StorefrontClient(host.CreateClient()) { CartId = owner.CartId, Bearer = owner.Bearer![..^4] + "AAAA" };
        var anonymous = new StorefrontClient(host.CreateClient()) { CartId = owner.CartId };

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.CreateAsync()).StatusCode);
    }

    [Fact]
    public async Task Garbage_requests_never_reach_a_500()
    {
        var client = NewClient();
        await client.CreateAsync();
        string[] paths = ["", "/items", "/items/SOCKS", "/items/%20", "/items/" + new string('x', 300), "/promotions", "/promotions/X", "/destination", "/merge"];
        string?[] bodies = [null, "", "{", "\"x\"", """{"sku":null,"quantity":null,"code":null,"country":null}""", new string('[', 5_000), """{"quantity":99999999999999999999}""", new string('a', 40_000)];
        foreach (var method in new[] { HttpMethod.Post, HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete, HttpMethod.Get })
        {
            foreach (var path in paths)
            {
                foreach (var body in bodies)
                {
                    client.ETag = "\"whatever\"";
                    using var response = await client.SendAsync(method, $"/api/carts/{client.CartId}{path}", method == HttpMethod.Get ? null : body);
                    Assert.True((int)response.StatusCode < 500, $"{method} {path} {body?[..Math.Min(20, body.Length)]} → {(int)response.StatusCode}");
                }
            }
        }
    }

    [Fact]
    public async Task The_dev_token_issuer_refuses_a_missing_customer_id()
    {
        using var response = await host.CreateClient().PostAsync("/api/dev/token", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
