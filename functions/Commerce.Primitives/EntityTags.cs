using System.Buffers.Text;
using System.Text;

namespace Commerce.Primitives;

/// <summary>
/// HTTP entity tags (RFC 9110 §8.8.3) of stored documents, for every layer. A document store's version token has
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
        if (version.Length >= 2 && version[0] == '"' && version[^1] == '"' && IsAsciiTagText(version.AsSpan(1, version.Length - 2)))
        {
            return version;
        }

        return IsAsciiTagText(version) && version.Length > 0
            ? '"' + version + '"'
            : '"' + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(version)) + '"';
    }

    /// <summary>RFC 9110's <c>etagc</c> (<c>%x21 / %x23-7E / obs-text</c>); obs-text is a header's Latin-1 byte <c>%x80-FF</c>.</summary>
    internal static bool IsTagCharacter(char c) => c is '\x21' or (>= '\x23' and <= '\x7E') or (>= '\x80' and <= '\xFF');

    // What this platform's own tags carry: etagc without obs-text, so they stay ASCII.
    static bool IsAsciiTagText(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (c > '\x7E' || !IsTagCharacter(c))
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One entity tag as a precondition lists it: the opaque tag with its quotes, and whether it was weak (<c>W/</c>).</summary>
public readonly record struct EntityTag(string Tag, bool IsWeak);

/// <summary>
/// A precondition header, <c>If-Match</c> or <c>If-None-Match</c> (RFC 9110 §13.1.1–2): absent, <c>*</c>, or a list of
/// entity tags (weak or strong, over one or more field lines). A present but malformed header names no tag:
/// <c>If-Match</c> then fails (nothing is written on a version the client did not name) and <c>If-None-Match</c> never
/// matches (never a 304).
/// </summary>
public sealed class EntityTagCondition
{
    EntityTagCondition(string? value, bool isAny, IReadOnlyList<EntityTag> tags)
    {
        Value = value;
        IsAny = isAny;
        Tags = tags;
    }

    /// <summary>No header.</summary>
    public static EntityTagCondition None { get; } = new(null, false, []);

    /// <summary>The header as sent (field lines joined with <c>", "</c>); null when absent.</summary>
    public string? Value { get; }

    public bool IsPresent => Value is not null;

    /// <summary>The header is <c>*</c>: any current version.</summary>
    public bool IsAny { get; }

    /// <summary>The entity tags the header lists; none when it is absent, <c>*</c> or malformed.</summary>
    public IReadOnlyList<EntityTag> Tags { get; }

    /// <summary>Reads a header of one field line; null or blank is absent.</summary>
    public static EntityTagCondition Parse(string? header) => ParseFieldLines([header]);

    /// <summary>Reads a header's field lines as one list (RFC 9110 §5.3); blank lines are left out, none is absent.</summary>
    public static EntityTagCondition ParseFieldLines(IEnumerable<string?> fieldLines)
    {
        ArgumentNullException.ThrowIfNull(fieldLines);
        var lines = fieldLines.Where(line => !string.IsNullOrWhiteSpace(line)).Select(line => line!.Trim()).ToArray();
        if (lines.Length == 0)
        {
            return None;
        }

        var value = string.Join(", ", lines);
        if (value == "*")
        {
            return new EntityTagCondition(value, true, []);
        }

        return TryParseList(value, out var tags) ? new EntityTagCondition(value, false, tags) : new EntityTagCondition(value, false, []);
    }

    /// <summary>
    /// <c>If-Match</c>'s test (strong comparison): the document exists (<paramref name="version"/> not null) and the
    /// header is <c>*</c> or lists the version's strong tag. An absent header passes.
    /// </summary>
    public bool Allows(string? version) => !IsPresent || MatchesStrongly(version);

    /// <summary>Strong comparison: <c>*</c> with a current version, or a listed strong tag equal to its tag.</summary>
    public bool MatchesStrongly(string? version)
        => version is not null && (IsAny || Tags.Any(t => !t.IsWeak && t.Tag.Equals(EntityTags.Of(version), StringComparison.Ordinal)));

    /// <summary><c>If-None-Match</c>'s test (weak comparison): <c>*</c> with a current version, or any listed tag, weak or not, equal to its tag.</summary>
    public bool MatchesWeakly(string? version)
        => version is not null && (IsAny || Tags.Any(t => t.Tag.Equals(EntityTags.Of(version), StringComparison.Ordinal)));

    public override string ToString() => Value ?? string.Empty;

    /// <summary>
    /// <c>#entity-tag</c>: entity tags separated by commas with optional spaces or tabs around them, empty elements
    /// ignored (§5.6.1.2); <c>entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE</c>, <c>W/</c> case-sensitive (§8.8.3).
    /// Anything else (an unquoted or unterminated tag, text after a tag, <c>*</c> beside tags) fails the whole list.
    /// </summary>
    static bool TryParseList(string value, out List<EntityTag> tags)
    {
        tags = [];
        var i = 0;
        while (true)
        {
            i = SkipWhitespace(value, i);
            if (i == value.Length)
            {
                return true;
            }

            if (value[i] == ',')
            {
                i++;
                continue;
            }

            var weak = string.CompareOrdinal(value, i, "W/", 0, 2) == 0;
            var start = weak ? i + 2 : i;
            if (start >= value.Length || value[start] != '"')
            {
                return false;
            }

            var end = start + 1;
            while (end < value.Length && EntityTags.IsTagCharacter(value[end]))
            {
                end++;
            }

            if (end >= value.Length || value[end] != '"')
            {
                return false;
            }

            tags.Add(new EntityTag(value[start..(end + 1)], weak));
            i = SkipWhitespace(value, end + 1);
            if (i < value.Length && value[i] != ',')
            {
                return false;
            }
        }
    }

    static int SkipWhitespace(string value, int i)
    {
        while (i < value.Length && value[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }
}
