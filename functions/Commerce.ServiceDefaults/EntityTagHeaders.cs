using Commerce.Primitives;
using Microsoft.AspNetCore.Http;

namespace Commerce.ServiceDefaults;

/// <summary>
/// The HTTP side of entity tags: a response's <c>ETag</c> and a request's <c>If-Match</c> / <c>If-None-Match</c>. The
/// tags and their parsing are <see cref="EntityTags"/> and <see cref="EntityTagCondition"/> (Commerce.Primitives), which
/// the domains use too.
/// </summary>
public static class EntityTagHeaders
{
    /// <summary>Sets the response's <c>ETag</c> header to the entity tag of the store version <paramref name="version"/>.</summary>
    public static void Write(HttpResponse response, string version)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ETag = EntityTags.Of(version);
    }

    /// <summary>The request's <c>If-Match</c> (every field line, as one list).</summary>
    public static EntityTagCondition IfMatch(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return EntityTagCondition.ParseFieldLines(request.Headers.IfMatch);
    }

    /// <summary>The request's <c>If-None-Match</c> (every field line, as one list).</summary>
    public static EntityTagCondition IfNoneMatch(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return EntityTagCondition.ParseFieldLines(request.Headers.IfNoneMatch);
    }
}
