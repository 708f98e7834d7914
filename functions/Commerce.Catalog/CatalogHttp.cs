using Microsoft.Net.Http.Headers;

namespace Commerce.Catalog;

/// <summary>What the catalog's HTTP triggers share: reading bodies safely and mapping catalog results to responses.</summary>
internal static class CatalogHttp
{
    /// <summary>Largest body of an admin product write (a product with its variants, prices and attributes).</summary>
    public const int MaxProductBytes = 64 * 1024;

    /// <summary>
    /// A product's staff route: its id is never a word of a sibling route (<c>import</c>, <see cref="ProductRules.ReservedIds"/>),
    /// so <c>PUT /api/admin/products/import</c> is the import route's 405, not a product named import.
    /// </summary>
    public const string AdminProductRoute = "admin/products/{id:regex(^(?!import$))}";

    /// <summary>Largest body of a category write.</summary>
    public const int MaxCategoryBytes = 16 * 1024;

    /// <summary>The body as <typeparamref name="T"/> (at most <paramref name="maxBytes"/>, UTF-8), or the 4xx problem (see <see cref="RequestBodies"/>).</summary>
    public static async Task<(T? Value, IActionResult? Problem)> ReadJsonAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        var (value, problem) = await RequestBodies.ReadJsonAsync<T>(request, maxBytes, cancellationToken);
        return (value, problem?.ToResult());
    }

    public static ObjectResult Malformed(string detail) => Problems.BadRequest("malformed-body", "The body is not valid JSON of the expected shape.", detail);

    public static IActionResult ToResponse<T>(CatalogResult<T> result, Func<T, object>? body = null) => result.Outcome switch
    {
        CatalogOutcome.Ok or CatalogOutcome.Created => new EntityResult(body is null ? result.Value! : body(result.Value!), result.ETag, result.Outcome == CatalogOutcome.Created ? StatusCodes.Status201Created : StatusCodes.Status200OK),
        CatalogOutcome.Invalid => Problems.Validation(result.Errors!),
        CatalogOutcome.BreaksRule => Problems.Unprocessable(result.Rule!, "The request breaks a rule.", result.Detail),
        CatalogOutcome.NotFound => Problems.NotFound("not-found", "Not found.", result.Detail),
        CatalogOutcome.Conflict => Problems.Result(StatusCodes.Status409Conflict, "conflict", "Conflict.", result.Detail),
        _ => Problems.Result(StatusCodes.Status412PreconditionFailed, "precondition-failed", "The resource changed.", result.Detail),
    };

    /// <summary>The request's If-Match as sent (entity tags or <c>*</c>); null when absent.</summary>
    public static string? IfMatch(HttpRequest request) => EntityTagHeaders.IfMatch(request).Value;

    /// <summary>A JSON body with an optional ETag header.</summary>
    sealed class EntityResult(object value, string? etag, int status) : ObjectResult(value)
    {
        public override Task ExecuteResultAsync(ActionContext context)
        {
            StatusCode = status;
            if (etag is not null)
            {
                EntityTagHeaders.Write(context.HttpContext.Response, etag);
            }

            return base.ExecuteResultAsync(context);
        }
    }
}

/// <summary>
/// Pre-serialized JSON with its entity tag: answers 304 when <c>If-None-Match</c> names the tag, else the bytes.
/// </summary>
internal sealed class CachedJsonResult(byte[] json, string etag, string cacheControl) : IActionResult
{
    public Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        EntityTagHeaders.Write(response, etag);
        response.Headers[HeaderNames.CacheControl] = cacheControl;
        if (EntityTagHeaders.IfNoneMatch(context.HttpContext.Request).MatchesWeakly(etag))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = json.Length;
        return response.Body.WriteAsync(json, context.HttpContext.RequestAborted).AsTask();
    }
}
