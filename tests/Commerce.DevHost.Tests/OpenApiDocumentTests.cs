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
    public void Every_operation_has_a_unique_operation_id() => Assert.Empty(OperationIdFailures(fixture.Document));

    /// <summary>Operations without an operationId, and operationIds used more than once.</summary>
    public static IEnumerable<string> OperationIdFailures(JsonObject document)
    {
        var ids = Operations(document).Select(o => (Where: $"{o.Method} {o.Path}", Id: (string?)o.Operation["operationId"])).ToArray();
        return ids.Where(i => string.IsNullOrWhiteSpace(i.Id)).Select(i => $"{i.Where} has no operationId")
            .Concat(ids.GroupBy(i => i.Id).Where(g => g.Key is not null && g.Count() > 1).Select(g => $"operationId {g.Key} is used {g.Count()} times"));
    }

    [Fact]
    public void Every_function_route_of_the_dev_host_is_an_operation_of_the_document()
    {
        var documented = Operations(fixture.Document).Select(o => $"{o.Method} {o.Path}").ToHashSet(StringComparer.Ordinal);
        var functionRoutes = fixture.Factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Functions.FunctionEndpointMetadata>() is not null)
            .SelectMany(e => e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods.Select(m => $"{m} /{RouteTemplates.WithoutConstraints(e.RoutePattern.RawText!).TrimStart('/')}"))
            .ToArray();

        Assert.True(functionRoutes.Length > 35, $"only {functionRoutes.Length} function routes found");
        Assert.Empty(functionRoutes.Where(r => !documented.Contains(r)).Select(r => $"{r} is not in the document"));
    }

    [Fact]
    public void Every_operation_has_a_success_answer_and_json_success_answers_have_a_schema() => Assert.Empty(ResponseSchemaFailures(fixture.Document));

    /// <summary>Operations without a success answer, or without one that has content, and success content without a schema.</summary>
    public static List<string> ResponseSchemaFailures(JsonObject document)
    {
        var failures = new List<string>();
        foreach (var (method, path, operation) in Operations(document))
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

        return failures;
    }

    [Fact]
    public void Every_error_answer_is_problem_details_with_its_types()
    {
        Assert.NotNull(fixture.Document["components"]?["schemas"]?["ProblemDetails"]);
        Assert.Empty(ErrorAnswerFailures(fixture.Document));
    }

    /// <summary>Operations that document no client error, and error answers that are not problem details listing their types.</summary>
    public static List<string> ErrorAnswerFailures(JsonObject document)
    {
        var failures = new List<string>();
        foreach (var (method, path, operation) in Operations(document))
        {
            if (!operation["responses"]!.AsObject().Any(r => r.Key[0] == '4'))
            {
                failures.Add($"{method} {path} documents no client error");
            }

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

        return failures;
    }

    [Fact]
    public void The_document_checks_catch_a_missing_schema_error_or_operation_id()
    {
        JsonObject Mutated(Action<JsonObject> mutate)
        {
            var copy = fixture.Document.DeepClone().AsObject();
            mutate(copy["paths"]!["/api/carts/{id}"]!["get"]!.AsObject());
            return copy;
        }

        var withoutSchema = Mutated(o => o["responses"]!["200"]!["content"]!["application/json"]!.AsObject().Remove("schema"));
        var withoutErrors = Mutated(o => { foreach (var status in o["responses"]!.AsObject().Select(r => r.Key).Where(s => s[0] is '4' or '5').ToArray()) { o["responses"]!.AsObject().Remove(status); } });
        var withDuplicateId = Mutated(o => o["operationId"] = "CreateCart");
        var withoutId = Mutated(o => o.Remove("operationId"));
        var withUntypedError = Mutated(o => o["responses"]!["404"]!.AsObject().Remove("content"));

        Assert.Empty(ResponseSchemaFailures(fixture.Document).Concat(ErrorAnswerFailures(fixture.Document)).Concat(OperationIdFailures(fixture.Document)));
        Assert.Equal(["GET /api/carts/{id} 200 application/json has no schema"], ResponseSchemaFailures(withoutSchema));
        Assert.Equal(["GET /api/carts/{id} documents no client error"], ErrorAnswerFailures(withoutErrors));
        Assert.Equal(["GET /api/carts/{id} 404 is not problem details"], ErrorAnswerFailures(withUntypedError));
        Assert.Equal(["operationId CreateCart is used 2 times"], OperationIdFailures(withDuplicateId));
        Assert.Equal(["GET /api/carts/{id} has no operationId"], OperationIdFailures(withoutId));
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

        if ((string?)money["properties"]?["minor"]?["format"] != "int64" || money["required"]?.AsArray().Count != 2)
        {
            failures.Add($"Money is not a required int64 minor and a required currency: {money.ToJsonString()}");
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
