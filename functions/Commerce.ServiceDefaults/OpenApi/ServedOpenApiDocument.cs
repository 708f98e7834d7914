using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Commerce.Primitives;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Commerce.ServiceDefaults.OpenApi;

/// <summary>
/// An OpenAPI document as served: built once, its bytes, and an entity tag of its content, so clients and the edge
/// revalidate with <c>If-None-Match</c> and get 304 until a deployment changes it.
/// </summary>
public sealed class ServedOpenApiDocument
{
    /// <summary>Where every app serves its own document (under <c>/api</c>), anonymous and cacheable.</summary>
    public const string Route = "openapi/v1.json";

    public const string CacheControl = "public, max-age=300";

    static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    ServedOpenApiDocument(JsonObject document)
    {
        Document = document;
        Json = JsonSerializer.SerializeToUtf8Bytes(document, Indented);
        ETag = "\"" + Convert.ToHexStringLower(SHA256.HashData(Json))[..32] + "\"";
    }

    public JsonObject Document { get; }

    public byte[] Json { get; }

    public string ETag { get; }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<(string App, Assembly Assembly), Lazy<ServedOpenApiDocument>> Apps = new();

    /// <summary>One app's document, built once per process.</summary>
    public static ServedOpenApiDocument Of(string app, Assembly assembly)
        => Apps.GetOrAdd((app, assembly), key => new(() => new(OpenApiDocumentBuilder.Build($"Commerce Functions: {key.App}", $"The HTTP functions of the {key.App} app.", [KeyValuePair.Create(key.App, key.Assembly)])))).Value;

    /// <summary>The merge of several apps' documents, as the edge (and the dev host) serves them on one hostname.</summary>
    public static ServedOpenApiDocument Merged(IEnumerable<KeyValuePair<string, Assembly>> apps)
        => new(OpenApiDocumentBuilder.Build("Commerce Functions", "Every HTTP function of the Catalog, Cart, Orders and Analytics apps.", apps));

    /// <summary>200 with the document, or 304 when <c>If-None-Match</c> names its current tag (a function's result).</summary>
    public IActionResult Respond(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new Result(this, request.Headers.IfNoneMatch);
    }

    /// <summary>The same answer as a minimal API result (the dev host's own routes).</summary>
    public IResult RespondHttp(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new Result(this, request.Headers.IfNoneMatch);
    }

    sealed class Result(ServedOpenApiDocument document, Microsoft.Extensions.Primitives.StringValues ifNoneMatch) : IActionResult, IResult
    {
        public Task ExecuteResultAsync(ActionContext context) => ExecuteAsync(context.HttpContext);

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.Headers[HeaderNames.ETag] = document.ETag;
            response.Headers[HeaderNames.CacheControl] = CacheControl;
            if (EntityTagCondition.ParseFieldLines(ifNoneMatch).MatchesWeakly(document.ETag))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = document.Json.Length;
            return response.Body.WriteAsync(document.Json, httpContext.RequestAborted).AsTask();
        }
    }
}

/// <summary>What the document route itself answers, for its own entry in the document.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenApiDocumentOperationAttribute : Attribute, IOpenApiConvention
{
    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.Describe("GetOpenApiDocument", "This OpenAPI document", "Every app serves its own; on one hostname (the edge, the dev host) it is their merge. Anonymous and cacheable; revalidate with If-None-Match.");
        operation.Tag = "openapi";
        operation.AddSecurity(OpenApiCaller.Anyone);
        new OpenApiHeaderAttribute(OpenApiHeader.IfNoneMatch).Apply(operation);
        operation.AddResponse(200, typeof(JsonObject), "application/json", "The OpenAPI 3.1 document.", ["ETag", "Cache-Control"]);
        operation.AddResponse(304, null, string.Empty, null, ["ETag", "Cache-Control"]);
    }
}

/// <summary>What a health route answers (<see cref="HealthReporting"/>): the report, 200 when healthy, else 503.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OpenApiHealthOperationAttribute(string operationId) : Attribute, IOpenApiConvention
{
    public string OperationId { get; } = operationId;

    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.Describe(OperationId, $"Reachability of the {operation.App} app's dependencies", null);
        operation.AddSecurity(OpenApiCaller.Anyone);
        operation.AddResponse(StatusCodes.Status200OK, typeof(AppHealth), "application/json", "Every dependency answers.", []);
        operation.AddResponse(StatusCodes.Status503ServiceUnavailable, typeof(AppHealth), "application/json", "A dependency does not answer (the report says which), or a transient failure (problem details).", []);
    }
}
