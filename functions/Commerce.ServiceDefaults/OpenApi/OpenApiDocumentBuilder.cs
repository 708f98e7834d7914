using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Commerce.Primitives;
using Microsoft.Azure.Functions.Worker;

namespace Commerce.ServiceDefaults.OpenApi;

/// <summary>
/// The one way the OpenAPI document is made: every <c>[Function]</c> method of an app assembly with an
/// <c>[HttpTrigger]</c> is one operation per HTTP method at <c>/api/{route}</c>, described by the conventions
/// (<see cref="IOpenApiConvention"/> attributes) it declares next to its trigger; schemas come from the C# types
/// (<see cref="OpenApiSchemas"/>). Each app serves its own document; the dev host serves the merge of the four, built
/// by the same code, so the two cannot drift.
/// </summary>
public static partial class OpenApiDocumentBuilder
{
    public const string RoutePrefix = "api";
    public const string OpenApiVersion = "3.1.1";

    /// <summary>The document of the apps in <paramref name="apps"/> (app name → assembly).</summary>
    public static JsonObject Build(string title, string description, IEnumerable<KeyValuePair<string, Assembly>> apps, JsonSerializerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(apps);
        var schemas = new OpenApiSchemas(WrittenShape(options ?? CommerceJson.Options));
        var paths = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (app, assembly) in apps)
        {
            foreach (var (method, trigger) in HttpFunctions(assembly))
            {
                var name = method.GetCustomAttribute<FunctionAttribute>()!.Name;
                var route = trigger.Route ?? name;
                var path = "/" + RoutePrefix + "/" + RouteParameter().Replace(route, "{$1}");
                if (!paths.TryGetValue(path, out var item))
                {
                    paths[path] = item = [];
                }

                var routeParameters = RouteParameter().Matches(route).Select(m => m.Groups[1].Value).ToArray();
                foreach (var verb in trigger.Methods ?? ["get"])
                {
                    var operation = new OpenApiOperationContext(schemas, app, name, verb.ToLowerInvariant(), route);
                    Describe(operation, method, trigger.AuthLevel);
                    item[operation.Method] = operation.Build(routeParameters);
                    tags.Add(operation.Tag);
                }
            }
        }

        return new JsonObject
        {
            ["openapi"] = OpenApiVersion,
            ["info"] = new JsonObject { ["title"] = title, ["version"] = "v1", ["description"] = description },
            ["jsonSchemaDialect"] = "https://spec.openapis.org/oas/3.1/dialect/base",
            ["tags"] = new JsonArray([.. tags.Select(t => (JsonNode)new JsonObject { ["name"] = t })]),
            ["paths"] = new JsonObject([.. paths.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
            ["components"] = new JsonObject
            {
                ["schemas"] = schemas.Components(),
                ["securitySchemes"] = OpenApiSecuritySchemes.Schemes(),
            },
        };
    }

    /// <summary>
    /// The options as they write: numbers as numbers. Reading also accepts numbers in strings (web defaults), a leniency
    /// the document does not promise, so clients get integer fields rather than string-or-integer unions.
    /// </summary>
    static JsonSerializerOptions WrittenShape(JsonSerializerOptions options)
    {
        var written = new JsonSerializerOptions(options) { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict };
        written.MakeReadOnly(populateMissingResolver: true);
        return written;
    }

    /// <summary>Every HTTP-triggered function method of <paramref name="assembly"/>, in a stable order.</summary>
    public static IEnumerable<(MethodInfo Method, HttpTriggerAttribute Trigger)> HttpFunctions(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        return assembly.GetExportedTypes()
            .SelectMany(t => t.GetMethods(flags))
            .Where(m => m.IsDefined(typeof(FunctionAttribute)))
            .Select(m => (Method: m, Trigger: m.GetParameters().Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null)))
            .Where(f => f.Trigger is not null)
            .OrderBy(f => f.Method.GetCustomAttribute<FunctionAttribute>()!.Name, StringComparer.Ordinal)
            .Select(f => (f.Method, f.Trigger!));
    }

    static void Describe(OpenApiOperationContext operation, MethodInfo method, AuthorizationLevel level)
    {
        if (level is AuthorizationLevel.Function or AuthorizationLevel.Admin)
        {
            // The Functions host refuses a missing or wrong key itself (the dev host answers the 404 of no route).
            operation.AddSecurity(OpenApiCaller.FunctionKey);
            operation.AddProblem(404, "not-found");
        }

        foreach (var convention in method.GetCustomAttributes().OfType<IOpenApiConvention>())
        {
            convention.Apply(operation);
        }

        // Every path: a method it does not declare is 405 with the declared ones in Allow.
        operation.AddResponse(405, null, string.Empty, "Method not allowed: the path answers only the methods listed in Allow (the operations of this path).", ["Allow"]);
        operation.AddProblem(405, "method-not-allowed");

        // Every HTTP function: a transient dependency failure is 503 with Retry-After (TransientFailureMiddleware).
        operation.AddResponse(503, null, string.Empty, null, ["Retry-After"]);
        operation.AddProblem(503, "unavailable");
    }

    /// <summary>A route parameter, with any constraint, default or catch-all marker: <c>{id}</c>, <c>{id:int}</c>, <c>{*rest}</c>.</summary>
    [GeneratedRegex(@"\{\*{0,2}([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
