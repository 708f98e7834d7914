using System.Text.Json;
using System.Text.Unicode;
using Commerce.Primitives;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Commerce.ServiceDefaults;

/// <summary>Why a request body was refused before anything used it: 413 (too large), 415 (charset) or 400 (not JSON).</summary>
public sealed record BodyProblem(int Status, string Type, string Title, string Detail)
{
    /// <summary>As an MVC result (function triggers).</summary>
    public ObjectResult ToResult() => Problems.Result(Status, Type, Title, Detail);

    /// <summary>As a minimal API result (the dev host's own endpoints).</summary>
    public IResult ToHttpResult() => Results.Problem(statusCode: Status, type: Problems.TypeBase + Type, title: Title, detail: Detail);
}

/// <summary>A body as read: the value, or the problem to answer with.</summary>
public readonly record struct BodyRead<T>(T? Value, BodyProblem? Problem);

/// <summary>
/// The one way every HTTP trigger reads its body, each route with its own size limit: a <c>Content-Length</c> over the
/// limit is refused before a byte is read, a body without one (chunked) is read through a bound that stops at the
/// limit plus one byte; a declared charset other than UTF-8 is 415; JSON is read as UTF-8 only.
/// </summary>
public static class RequestBodies
{
    public const string TooLargeType = "body-too-large";
    public const string UnsupportedCharsetType = "unsupported-charset";
    public const string MalformedJsonType = "malformed-json";

    /// <summary>The body's bytes (at most <paramref name="maxBytes"/>), or a 413/415 problem.</summary>
    public static async Task<BodyRead<ReadOnlyMemory<byte>>> ReadAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(maxBytes, Array.MaxLength);
        if (request.ContentLength > maxBytes)
        {
            return new(default, TooLarge(maxBytes));
        }

        if (UnsupportedCharset(request.ContentType) is { } charsetProblem)
        {
            return new(default, charsetProblem);
        }

        var buffer = new MemoryStream(capacity: (int)Math.Min(request.ContentLength ?? 4096, maxBytes));
        var chunk = new byte[Math.Min(maxBytes + 1, 16 * 1024)];
        int read;
        while ((read = await request.Body.ReadAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, maxBytes + 1 - buffer.Length)), cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > maxBytes)
            {
                return new(default, TooLarge(maxBytes));
            }
        }

        return new(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), null);
    }

    /// <summary>
    /// The body as JSON of <typeparamref name="T"/> (UTF-8, at most <paramref name="maxBytes"/>), or the problem: 413,
    /// 415, or 400 when it is not UTF-8, not JSON of that shape, or null. An empty body is null when <paramref name="optional"/>.
    /// </summary>
    public static async Task<BodyRead<T>> ReadJsonAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken, bool optional = false)
        where T : class
    {
        var (bytes, problem) = await ReadAsync(request, maxBytes, cancellationToken);
        if (problem is not null)
        {
            return new(null, problem);
        }

        var json = bytes.Span;
        if (json.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }

        if (!Utf8.IsValid(json))
        {
            return new(null, Malformed("The body is not valid UTF-8."));
        }

        if (optional && json.Trim(" \t\r\n"u8).IsEmpty)
        {
            return new(null, null);
        }

        try
        {
            return JsonSerializer.Deserialize<T>(json, CommerceJson.Options) is { } value
                ? new(value, null)
                : new(null, Malformed("The body is empty or null."));
        }
        catch (JsonException ex)
        {
            return new(null, Malformed(ex.Message));
        }
    }

    /// <summary>415 when the request declares a charset other than UTF-8 (no charset means UTF-8), or a Content-Type that does not parse.</summary>
    public static BodyProblem? UnsupportedCharset(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return null;
        }

        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return new(StatusCodes.Status415UnsupportedMediaType, UnsupportedCharsetType, "The Content-Type header is not valid.", "Send JSON as application/json (UTF-8).");
        }

        var charset = HeaderUtilities.RemoveQuotes(media.Charset);
        return charset.Length == 0 || charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase) || charset.Equals("utf8", StringComparison.OrdinalIgnoreCase)
            ? null
            : new(StatusCodes.Status415UnsupportedMediaType, UnsupportedCharsetType, "The request charset is not supported.", "Send the body in UTF-8 (charset=utf-8, or no charset).");
    }

    static BodyProblem TooLarge(int maxBytes)
        => new(StatusCodes.Status413PayloadTooLarge, TooLargeType, "The request body is too large.", $"At most {maxBytes} bytes are accepted on this route.");

    static BodyProblem Malformed(string detail) => new(StatusCodes.Status400BadRequest, MalformedJsonType, "The body is not valid JSON of the expected shape.", detail);
}
