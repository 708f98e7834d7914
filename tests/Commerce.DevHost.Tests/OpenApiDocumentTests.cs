using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.DevHost.Tests;

/// <summary>
/// The OpenAPI document the dev host serves is a contract clients are generated from: every function route with its
/// methods, a unique operationId per operation, a success answer with content where one returns a body, and every
/// problem answer described by the shared RFC 9457 <c>ProblemDetails</c> schema.
/// </summary>
public sealed class OpenApiDocumentTests(OpenApiDocumentTests.Fixture fixture) : IClassFixture<OpenApiDocumentTests.Fixture>
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Operations whose every success is bodiless (the payment provider's webhook is only acknowledged).</summary>
    static readonly HashSet<string> AnswersWithoutBody = new(StringComparer.Ordinal) { "PaymentWebhook" };

    [Fact]
    public void Every_operation_has_a_unique_operation_id()
    {
        var ids = Operations(fixture.Document).Select(o => (string?)o.Operation["operationId"]).ToArray();

        Assert.All(ids, id => Assert.False(string.IsNullOrWhiteSpace(id)));
        Assert.Empty(ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => $"operationId {g.Key} is used {g.Count()} times"));
    }

    [Fact]
    public void Every_function_route_of_the_dev_host_is_an_operation_of_the_document()
    {
        var documented = Operations(fixture.Document).Select(o => $"{o.Method} {o.Path}").ToHashSet(StringComparer.Ordinal);
        var functionRoutes = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Functions.FunctionEndpointMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} /{e.RoutePattern.RawText!.TrimStart('/')}"))
            .ToArray();

        Assert.True(functionRoutes.Length > 35, $"only {functionRoutes.Length} function routes found");
        Assert.Empty(functionRoutes.Where(r => !documented.Contains(r)).Select(r => $"{r} is not in the document"));
    }

    [Fact]
    public void Every_operation_has_a_success_answer_and_json_success_answers_have_a_schema()
    {
        var failures = new List<string>();
        foreach (var (method, path, operation) in Operations(fixture.Document))
        {
            var responses = operation["responses"]!.AsObject();
            var successes = responses.Where(r => r.Key.StartsWith('2') || r.Key == "304").ToArray();
            if (successes.Length == 0)
            {
                failures.Add($"{method} {path} has no success answer");
            }

            if (!AnswersWithoutBody.Contains((string)operation["operationId"]!) && !successes.Any(s => s.Value!["content"] is JsonObject { Count: > 0 }))
            {
                failures.Add($"{method} {path} has no success answer with content");
            }

            foreach (var (status, response) in successes)
            {
                foreach (var (mediaType, content) in response!["content"] as JsonObject ?? [])
                {
                    if (content!["schema"] is null)
                    {
                        failures.Add($"{method} {path} {status} {mediaType} has no schema");
                    }
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Every_error_answer_is_problem_details_with_its_types()
    {
        var failures = new List<string>();
        Assert.NotNull(fixture.Document["components"]?["schemas"]?["ProblemDetails"]);
        foreach (var (method, path, operation) in Operations(fixture.Document))
        {
            foreach (var (status, response) in operation["responses"]!.AsObject().Where(r => r.Key[0] is '4' or '5'))
            {
                var schema = response!["content"]?["application/problem+json"]?["schema"];
                var text = schema?.ToJsonString() ?? string.Empty;
                if (!text.Contains("#/components/schemas/ProblemDetails", StringComparison.Ordinal))
                {
                    failures.Add($"{method} {path} {status} is not problem details");
                }
                else if (!text.Contains("\"enum\"", StringComparison.Ordinal))
                {
                    failures.Add($"{method} {path} {status} does not list its problem types");
                }
            }
        }

        Assert.Empty(failures);
    }

    /// <summary>The money values of the answers, by schema: each is the one <c>Money</c> component.</summary>
    static readonly Dictionary<string, string[]> MoneyProperties = new(StringComparer.Ordinal)
    {
        ["CartView"] = ["subtotal", "discount", "shipping", "tax", "total"],
        ["CartLineView"] = ["unitPrice", "unitPriceWhenAdded", "amount", "discount", "tax"],
        ["CartPromotionView"] = ["discount"],
        ["OrderLine"] = ["unitPrice", "lineTotal", "refunded"],
        ["OrderTotals"] = ["subtotal", "discounts", "tax", "shipping", "grandTotal"],
        ["OrderPayment"] = ["amount"],
        ["OrderSummaryView"] = ["total"],
        ["PendingStep"] = ["amount"],
    };

    [Fact]
    public void Money_has_one_documented_shape_in_every_app()
    {
        var schemas = fixture.Document["components"]!["schemas"]!.AsObject();
        var money = schemas["Money"]!.AsObject();
        var failures = new List<string>();
        if (!money["properties"]!.AsObject().Select(p => p.Key).Order(StringComparer.Ordinal).SequenceEqual(["currency", "minor"], StringComparer.Ordinal))
        {
            failures.Add($"Money has the properties {string.Join(", ", money["properties"]!.AsObject().Select(p => p.Key))}, not exactly minor and currency");
        }

        if ((string?)money["properties"]?["minor"]?["format"] != "int64" || money["required"]?.AsArray().Count != 2 || (bool?)money["additionalProperties"] != false)
        {
            failures.Add($"Money is not a closed object of a required int64 minor and currency: {money.ToJsonString()}");
        }

        foreach (var (schema, properties) in MoneyProperties)
        {
            foreach (var property in properties)
            {
                var text = schemas[schema]?["properties"]?[property]?.ToJsonString() ?? "(missing)";
                if (!text.Contains("\"#/components/schemas/Money\"", StringComparison.Ordinal))
                {
                    failures.Add($"{schema}.{property} is {text}, not Money");
                }
            }
        }

        Assert.Empty(failures);
    }

    public static IEnumerable<(string Method, string Path, JsonObject Operation)> Operations(JsonObject document)
    {
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject().Where(o => o.Key is "get" or "put" or "post" or "delete" or "patch" or "head" or "options"))
            {
                yield return (method.ToUpperInvariant(), path, operation!.AsObject());
            }
        }
    }

    /// <summary>The dev host and the document it serves.</summary>
    public sealed class Fixture : IAsyncLifetime
    {
        public DevHostFactory Factory { get; } = new();

        public JsonObject Document { get; private set; } = null!;

        public async ValueTask InitializeAsync()
        {
            using var client = Factory.CreateClient();
            Document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json", Ct))!.AsObject();
        }

        public ValueTask DisposeAsync() => Factory.DisposeAsync();
    }
}
