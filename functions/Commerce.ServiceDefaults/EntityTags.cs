using System.Buffers.Text;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace Commerce.ServiceDefaults;

/// <summary>
/// HTTP entity tags (RFC 9110 §8.8.3) of stored documents, for every app. A document store's version token has
/// whatever form the store gives it: SQLite's and Cosmos DB's are quoted (<c>"…"</c>), the Cosmos DB server from npm
/// answers a bare GUID, and another store may use characters a tag cannot carry. <see cref="Of"/> maps any of them
/// to one strong entity tag (a version names the exact stored document, so byte-for-byte identity holds), and
/// <see cref="EntityTagCondition"/> reads <c>If-Match</c> / <c>If-None-Match</c> against a version.
/// </summary>
public static class EntityTags
{
    /// <summary>
    /// The strong entity tag of the store version <paramref name="version"/>: a quoted version whose inside is valid
    /// tag text as is (so an entity tag maps to itself), a bare one quoted, anything else its UTF-8 bytes in
    /// base64url, quoted. Distinct versions of one store get distinct tags.
    /// </summary>
    public static string Of(string version)
    {
        ArgumentNullException.ThrowIfNull(version);
        if (version.Length >= 2 && version[0] == '"' && version[^1] == '"' && IsTagText(version.AsSpan(1, version.Length - 2)))
        {
            return version;
        }

        return IsTagText(version) && version.Length > 0
            ? '"' + version + '"'
            : '"' + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(version)) + '"';
    }

    /// <summary>Sets the response's <c>ETag</c> header to the entity tag of <paramref name="version"/>.</summary>
    public static void Write(HttpResponse response, string version)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.ETag = Of(version);
    }

    /// <summary>The request's <c>If-Match</c> (every field line, as one list).</summary>
    public static EntityTagCondition IfMatch(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return EntityTagCondition.Parse(request.Headers.IfMatch);
    }

    /// <summary>The request's <c>If-None-Match</c> (every field line, as one list).</summary>
    public static EntityTagCondition IfNoneMatch(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return EntityTagCondition.Parse(request.Headers.IfNoneMatch);
    }

    // etagc = %x21 / %x23-7E (obs-text left out: tags stay ASCII).
    static bool IsTagText(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c is not ('\x21' or >= '\x23' and <= '\x7E'))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>
/// A precondition header, <c>If-Match</c> or <c>If-None-Match</c>: absent, <c>*</c>, or a list of entity tags (weak or
/// strong, over one or more field lines). A present but malformed header names no tag: <c>If-Match</c> then fails
/// (nothing is written on a version the client did not name) and <c>If-None-Match</c> never answers 304.
/// </summary>
public sealed class EntityTagCondition
{
    readonly IReadOnlyList<EntityTagHeaderValue> tags;

    EntityTagCondition(string? value, IReadOnlyList<EntityTagHeaderValue> tags)
    {
        Value = value;
        this.tags = tags;
    }

    /// <summary>No header.</summary>
    public static EntityTagCondition None { get; } = new(null, []);

    /// <summary>The header as sent (field lines joined with <c>", "</c>); null when absent.</summary>
    public string? Value { get; }

    public bool IsPresent => Value is not null;

    /// <summary>The header is <c>*</c>: any current version.</summary>
    public bool IsAny => tags.Any(t => t.Equals(EntityTagHeaderValue.Any));

    /// <summary>Reads a header's field lines as one list; blank is absent.</summary>
    public static EntityTagCondition Parse(StringValues header)
    {
        var lines = header.Where(line => !string.IsNullOrWhiteSpace(line)).Select(line => line!.Trim()).ToArray();
        if (lines.Length == 0)
        {
            return None;
        }

        var value = string.Join(", ", lines);
        return EntityTagHeaderValue.TryParseStrictList(lines, out var parsed)
            ? new EntityTagCondition(value, [.. parsed])
            : new EntityTagCondition(value, []);
    }

    /// <summary>
    /// <c>If-Match</c>'s test (strong comparison): the document exists (<paramref name="version"/> not null) and the
    /// header is <c>*</c> or lists the version's strong tag. An absent header passes.
    /// </summary>
    public bool Allows(string? version) => !IsPresent || MatchesStrongly(version);

    /// <summary>Strong comparison: <c>*</c> with a current version, or a listed strong tag equal to its tag.</summary>
    public bool MatchesStrongly(string? version)
        => version is not null && (IsAny || tags.Any(t => !t.IsWeak && t.Tag.Equals(EntityTags.Of(version))));

    /// <summary><c>If-None-Match</c>'s test (weak comparison): <c>*</c> with a current version, or any listed tag, weak or not, equal to its tag.</summary>
    public bool MatchesWeakly(string? version)
        => version is not null && (IsAny || tags.Any(t => t.Tag.Equals(EntityTags.Of(version))));

    public override string ToString() => Value ?? string.Empty;
}
