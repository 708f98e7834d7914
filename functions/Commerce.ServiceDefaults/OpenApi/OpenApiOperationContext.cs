using System.Text.Json.Nodes;

namespace Commerce.ServiceDefaults.OpenApi;

/// <summary>One operation (a route and one HTTP method) while its function's conventions describe it.</summary>
public sealed class OpenApiOperationContext
{
    readonly OpenApiSchemas schemas;
    readonly Dictionary<(string Name, OpenApiIn In), JsonObject> parameters = [];
    readonly SortedDictionary<int, JsonObject> responses = [];
    readonly SortedDictionary<int, SortedSet<string>> problems = [];
    readonly List<JsonObject> security = [];
    readonly Dictionary<int, JsonObject> links = [];
    JsonObject? requestBody;

    internal OpenApiOperationContext(OpenApiSchemas schemas, string app, string functionName, string method, string route)
    {
        this.schemas = schemas;
        App = app;
        FunctionName = functionName;
        Method = method;
        Route = route;
        OperationId = functionName;
        Tag = app;
    }

    public string App { get; }

    public string FunctionName { get; }

    /// <summary>Lower case: get, post, ...</summary>
    public string Method { get; }

    /// <summary>The route as the trigger declares it, without the <c>api/</c> prefix.</summary>
    public string Route { get; }

    public string OperationId { get; private set; }

    /// <summary>The operation's tag: its app, unless it says otherwise (the document route, which every app serves).</summary>
    public string Tag { get; set; }

    string? summary;
    string? description;

    public void Describe(string operationId, string summary, string? description)
    {
        OperationId = operationId;
        this.summary = summary;
        this.description = description;
    }

    public void AddParameter(string name, OpenApiIn location, JsonObject schema, bool required, string? description)
    {
        var parameter = new JsonObject { ["name"] = name, ["in"] = location.ToString().ToLowerInvariant(), ["required"] = required };
        OpenApiJson.SetIf(parameter, "description", description);
        parameter["schema"] = schema;
        parameters[(name, location)] = parameter;
    }

    public void SetRequestBody(Type? type, IEnumerable<string> contentTypes, bool required, string? description)
    {
        var content = new JsonObject();
        foreach (var contentType in contentTypes)
        {
            content[contentType] = new JsonObject { ["schema"] = type is null ? Binary(contentType) : schemas.Of(type) };
        }

        requestBody = new JsonObject { ["required"] = required, ["content"] = content };
        OpenApiJson.SetIf(requestBody, "description", description);
    }

    public void AddResponse(int status, Type? type, string contentType, string? description, IEnumerable<string> headers)
    {
        var response = responses.TryGetValue(status, out var existing) ? existing : new JsonObject { ["description"] = description ?? Reason(status) };
        if (type is not null)
        {
            var content = response["content"] as JsonObject ?? [];
            content[contentType] = new JsonObject { ["schema"] = type == typeof(string) ? new JsonObject { ["type"] = "string" } : schemas.Of(type) };
            response["content"] = content;
        }

        foreach (var header in headers)
        {
            var declared = response["headers"] as JsonObject ?? [];
            declared[header] = OpenApiHeaders.Response(header);
            response["headers"] = declared;
        }

        responses[status] = response;
    }

    /// <summary>One <c>type</c> (relative to <see cref="Problems.TypeBase"/>) the operation may answer with <paramref name="status"/>.</summary>
    public void AddProblem(int status, string type)
    {
        if (!problems.TryGetValue(status, out var types))
        {
            problems[status] = types = new SortedSet<string>(StringComparer.Ordinal);
        }

        types.Add(Problems.TypeBase + type);
    }

    public void AddSecurity(OpenApiCaller caller)
    {
        var requirement = OpenApiSecuritySchemes.Requirement(caller);
        if (!security.Any(r => JsonNode.DeepEquals(r, requirement)))
        {
            security.Add(requirement);
        }
    }

    public void AddLink(int status, string name, string operationId, IEnumerable<string> parameterExpressions, string? description)
    {
        if (!links.TryGetValue(status, out var statusLinks))
        {
            links[status] = statusLinks = [];
        }

        var link = new JsonObject { ["operationId"] = operationId };
        var values = new JsonObject();
        foreach (var expression in parameterExpressions)
        {
            var equals = expression.IndexOf('=', StringComparison.Ordinal);
            values[expression[..equals]] = expression[(equals + 1)..];
        }

        link["parameters"] = values;
        OpenApiJson.SetIf(link, "description", description);
        statusLinks[name] = link;
    }

    /// <summary>The operation object, with parameters from the route for any it does not declare.</summary>
    internal JsonObject Build(IEnumerable<string> routeParameters)
    {
        foreach (var name in routeParameters.Where(n => !parameters.ContainsKey((n, OpenApiIn.Path))))
        {
            AddParameter(name, OpenApiIn.Path, new JsonObject { ["type"] = "string", ["minLength"] = 1 }, required: true, description: null);
        }

        var operation = new JsonObject
        {
            ["operationId"] = OperationId,
            ["summary"] = summary ?? FunctionName,
            ["tags"] = OpenApiJson.Array([Tag]),
        };
        OpenApiJson.SetIf(operation, "description", description);
        if (parameters.Count > 0)
        {
            operation["parameters"] = new JsonArray([.. parameters.OrderBy(p => p.Key.In).ThenBy(p => p.Key.Name, StringComparer.Ordinal).Select(p => (JsonNode)p.Value)]);
        }

        if (requestBody is not null)
        {
            operation["requestBody"] = requestBody;
        }

        var all = new JsonObject();
        foreach (var status in responses.Keys.Union(problems.Keys).Order())
        {
            all[status.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Response(status);
        }

        operation["responses"] = all;
        if (security.Count > 0)
        {
            operation["security"] = new JsonArray([.. security.Select(s => (JsonNode)s.DeepClone())]);
        }

        return operation;
    }

    JsonObject Response(int status)
    {
        var response = responses.TryGetValue(status, out var declared) ? declared : new JsonObject { ["description"] = Reason(status) };
        if (problems.TryGetValue(status, out var types))
        {
            var content = response["content"] as JsonObject ?? [];
            content[Problems.ContentType] = new JsonObject { ["schema"] = OpenApiSchemas.Problem(status, types) };
            response["content"] = content;
        }

        if (links.TryGetValue(status, out var statusLinks))
        {
            response["links"] = statusLinks;
        }

        return response;
    }

    static JsonObject Binary(string contentType) => contentType.StartsWith("multipart/", StringComparison.Ordinal)
        ? new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["file"] = new JsonObject { ["type"] = "string", ["contentMediaType"] = "application/octet-stream" } } }
        : new JsonObject { ["type"] = "string", ["contentMediaType"] = contentType };

    static string Reason(int status) => status switch
    {
        200 => "OK.",
        201 => "Created.",
        202 => "Accepted.",
        204 => "No content.",
        304 => "Not modified: the entity tag in If-None-Match is current.",
        400 => "The request is not valid.",
        401 => "Not authenticated.",
        404 => "Not found (or not yours: existence is not revealed).",
        405 => "Method not allowed.",
        409 => "Conflict.",
        412 => "Precondition failed: the entity tag in If-Match is not current.",
        413 => "The request body is too large.",
        415 => "Unsupported media type or charset.",
        422 => "The request is well formed but breaks a rule.",
        428 => "Precondition required: send If-Match.",
        429 => "Too many requests.",
        503 => "A dependency is temporarily unavailable; retry after Retry-After.",
        _ => "Answer.",
    };
}
