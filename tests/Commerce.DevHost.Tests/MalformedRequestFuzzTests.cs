using System.Net;
using System.Text;
using Commerce.DevHost.Functions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.DevHost.Tests;

/// <summary>
/// Every HTTP function of every app, hit with malformed input: hostile route values, broken and hostile JSON, wrong
/// types, huge numbers, deep nesting, oversize bodies, bad headers and tokens. Nothing may answer 5xx, and every error
/// must be problem details. The set of functions comes from the dev host's catalog, so new endpoints are covered as
/// soon as they exist.
/// </summary>
public sealed partial class MalformedRequestFuzzTests(DevHostFactory factory) : IClassFixture<DevHostFactory>
{
    const int Seed = 20261125;
    const int RequestsPerOperation = 200;
    const int MinimumRequests = 10_000;

    static readonly string[] HostileSegments =
    [
        "..%2F..%2Fetc%2Fpasswd", "%2e%2e", "null", "-1", "0", "99999999999999999999999", "1e309", "%01%7F", "'%20OR%201=1--",
        "%3Cscript%3E", new string('a', 2_000), "%F0%9F%92%A5", "%C0%AF", "undefined", "NaN", " ", "%20",
    ];

    static readonly string[] HostileQueries =
    [
        "pageSize=-1", "pageSize=abc", "pageSize=99999999999999999999", "page=-5", "continuation=%%%", "continuation=" + new string('Z', 4_000),
        "q=" + new string('x', 10_000), "minPrice=1e400", "maxPrice=-0", "currency=XXX", "currency=", "from=yesterday", "to=9999-99-99",
        "granularity=century", "n=-3", "sort=drop_table", "category=..%2F..", "q=%00%01%02", "id=1&id=2&id=3",
    ];

    static readonly Func<Random, HttpContent?>[] HostileBodies =
    [
        _ => null,
        _ => Json("{"),
        _ => Json("["),
        _ => Json("null"),
        _ => Json("\"just a string\""),
        _ => Json("12345"),
        _ => Json("{\"quantity\": \"many\", \"sku\": 7, \"currency\": 1.5}"),
        _ => Json("{\"quantity\": 1e400, \"price\": -99999999999999999999999}"),
        _ => Json("{\"events\": [" + string.Join(',', Enumerable.Repeat("{}", 600)) + "]}"),
        _ => Json(new string('[', 5_000) + new string(']', 5_000)),
        _ => Json("{\"a\":" + new string('{', 200) + new string('}', 200) + "}"),
        _ => Json("{\"id\": \"../../etc/passwd\", \"name\": \"\\u0000\"}"),
        r => new ByteArrayContent(RandomBytes(r, 512)),
        r => Json("{\"blob\": \"" + new string('x', 3 * 1024 * 1024) + "\"}"),
        _ => new StringContent("id,name\n1,2", Encoding.UTF8, "text/csv"),
        _ => Json("{\"email\": \"not-an-email\", \"shippingAddress\": 5, \"paymentToken\": null}"),
        _ => Json("{\"cartId\": \"\", \"cartToken\": \"\", \"items\": [{\"sku\": null, \"quantity\": -1}]}"),
    ];

    static readonly (string Header, string Value)[] HostileHeaders =
    [
        ("If-Match", "not-an-etag"), ("If-Match", "\"stale\""), ("If-None-Match", "*"), ("X-Cart-Token", "guess"),
        ("X-Cart-Token", new string('t', 5_000)), ("Authorization", "Bearer not.a.jwt"), ("Authorization", "Basic Og=="),
        ("Idempotency-Key", new string('k', 3_000)), ("Idempotency-Key", ""), ("x-functions-key", "wrong"),
    ];

    [Fact]
    public async Task No_malformed_request_to_any_endpoint_gets_a_5xx_or_a_non_problem_error()
    {
        using var client = factory.CreateClient();
        var catalog = factory.Services.GetRequiredService<FunctionCatalog>();
        var adminKey = factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DevHostOptions>>().Value.AdminKey;
        var random = new Random(Seed);
        var operations = catalog.OfKind(TriggerKind.Http).SelectMany(f => f.HttpMethods.Select(m => (Function: f, Method: m))).ToArray();
        var perOperation = Math.Max(RequestsPerOperation, (MinimumRequests / operations.Length) + 1);
        var failures = new List<string>();
        var sent = 0;

        foreach (var (function, method) in operations)
        {
            for (var i = 0; i < perOperation; i++)
            {
                using var request = BuildRequest(random, function, method, adminKey);
                var description = $"{request.Method} {request.RequestUri}";
                using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
                sent++;
                var status = (int)response.StatusCode;
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                if (status >= 500)
                {
                    failures.Add($"{status} for {Truncate(description)}: {Truncate(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))}");
                }
                else if (status >= 400 && response.Content.Headers.ContentLength != 0 && mediaType != "application/problem+json")
                {
                    failures.Add($"{status} without problem details ({mediaType}) for {Truncate(description)}");
                }
            }
        }

        Assert.True(sent >= MinimumRequests, $"only {sent} requests sent");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} malformed requests were mishandled:\n" + string.Join('\n', failures.Distinct().Take(25)));
    }

    static HttpRequestMessage BuildRequest(Random random, FunctionDescriptor function, string method, string adminKey)
    {
        var path = RouteParameter().Replace(function.Route!, _ => HostileSegments[random.Next(HostileSegments.Length)]);
        var query = random.Next(3) == 0 ? string.Empty : "?" + HostileQueries[random.Next(HostileQueries.Length)];
        var request = new HttpRequestMessage(new HttpMethod(method), $"/api/{path}{query}");
        if (method is "POST" or "PUT" or "PATCH" || random.Next(4) == 0)
        {
            request.Content = HostileBodies[random.Next(HostileBodies.Length)](random);
        }

        var (header, value) = HostileHeaders[random.Next(HostileHeaders.Length)];
        request.Headers.TryAddWithoutValidation(header, value);
        if (function.AuthLevel is AuthorizationLevel.Function or AuthorizationLevel.Admin && random.Next(4) != 0)
        {
            request.Headers.Remove("x-functions-key");
            request.Headers.TryAddWithoutValidation("x-functions-key", adminKey);
        }

        return request;
    }

    static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";

    [System.Text.RegularExpressions.GeneratedRegex(@"\{[^}]+\}")]
    private static partial System.Text.RegularExpressions.Regex RouteParameter();
}
