using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Commerce.Testing;

namespace Commerce.DevHost.Tests;

/// <summary>
/// Every integer query parameter the document declares is read by one parser: given empty (<c>?pageSize=</c>) or more
/// than once (<c>?n=5&amp;n=abc</c>) it is a 400 validation problem naming the parameter, never absent or first-wins.
/// </summary>
public sealed class QueryParameterTests(DevHostFactory factory) : IClassFixture<DevHostFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Malformed => new() { "{0}=", "{0}=5&{0}=abc", "{0}=5&{0}=5" };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task An_empty_or_repeated_integer_query_parameter_is_a_validation_problem(string query)
    {
        using var client = factory.CreateClient();
        await DevHostFactory.DemoProductAsync(client, "demo-000002", Ct);
        // A customer who is also staff (the admin app role), so the back office's paged reads are reached as well.
        using var minted = await client.PostAsJsonAsync("/api/dev/token", new { customerId = "query-parameters", roles = new[] { "Commerce.Admin" } }, Ct);
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await minted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("accessToken").GetString());
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Ct))!.AsObject();
        var contract = new OpenApiContract(document);
        var numeric = OpenApiDocumentTests.Operations(document)
            .SelectMany(o => (o.Operation["parameters"]?.AsArray() ?? []).Where(p => (string?)p!["in"] == "query" && (string?)p["schema"]?["type"] == "integer").Select(p => (o.Method, o.Path, Name: (string)p!["name"]!)))
            .ToArray();
        var failures = new List<string>();
        foreach (var (method, path, name) in numeric)
        {
            var url = path.Replace("{id}", "demo-000002", StringComparison.Ordinal) + "?" + string.Format(System.Globalization.CultureInfo.InvariantCulture, query, name);
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            using var response = await client.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            if (response.StatusCode != HttpStatusCode.BadRequest || response.Content.Headers.ContentType?.MediaType != "application/problem+json" || JsonNode.Parse(body)?["errors"]?[name] is null)
            {
                failures.Add($"{method} {url}: {(int)response.StatusCode} {body[..Math.Min(body.Length, 200)]}");
            }

            failures.AddRange(await contract.CheckAsync(method, path, response, Ct));
        }

        Assert.True(numeric.Length >= 7, $"only {numeric.Length} integer query parameters found");
        Assert.Empty(failures);
    }
}

/// <summary>
/// A method a path does not declare is 405 problem+json with an <c>Allow</c> header naming the declared ones, an
/// answer the document lists for the path.
/// </summary>
public sealed class MethodNotAllowedTests(DevHostFactory factory) : IClassFixture<DevHostFactory>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    static readonly string[] Methods = ["GET", "PUT", "POST", "DELETE", "PATCH"];

    [Fact]
    public async Task An_undeclared_method_on_a_declared_path_is_405_with_the_allowed_methods()
    {
        using var client = factory.CreateClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Ct))!.AsObject();
        var contract = new OpenApiContract(document);
        var failures = new List<string>();
        var checkedPaths = 0;
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            var declared = item!.AsObject().Select(m => m.Key.ToUpperInvariant()).ToHashSet(StringComparer.Ordinal);
            if (Methods.FirstOrDefault(m => !declared.Contains(m)) is not { } undeclared)
            {
                continue;
            }

            checkedPaths++;
            var url = System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", "x");
            using var request = new HttpRequestMessage(new HttpMethod(undeclared), url);
            using var response = await client.SendAsync(request, Ct);
            var allowed = response.Content.Headers.Allow.ToHashSet(StringComparer.Ordinal);
            if (response.StatusCode != HttpStatusCode.MethodNotAllowed || response.Content.Headers.ContentType?.MediaType != "application/problem+json" || !allowed.SetEquals(declared.Where(m => m != "HEAD")))
            {
                failures.Add($"{undeclared} {url}: {(int)response.StatusCode} {response.Content.Headers.ContentType} Allow: {string.Join(", ", allowed)}");
            }

            if (JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))?["type"]?.GetValue<string>() != "https://commerce-functions.dev/problems/method-not-allowed")
            {
                failures.Add($"{undeclared} {url}: not the method-not-allowed problem type");
            }

            failures.AddRange(await contract.CheckAsync(request, response, Ct));
        }

        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/admin/products/import") { Content = JsonContent.Create(new { name = "Import" }) };
        put.Headers.Add("x-functions-key", "local-admin-key");
        using var putAnswer = await client.SendAsync(put, Ct);
        if (putAnswer.StatusCode != HttpStatusCode.MethodNotAllowed)
        {
            failures.Add($"PUT /api/admin/products/import: {(int)putAnswer.StatusCode}, not 405 (import is a route's word, never a product id)");
        }

        Assert.True(checkedPaths > 30, $"only {checkedPaths} paths checked");
        Assert.Empty(failures);
    }
}
