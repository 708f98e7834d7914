using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;

namespace Commerce.Testing;

/// <summary>
/// A client that keeps order access tokens the way a storefront does: it remembers the <c>orderToken</c> of every 202
/// from <c>POST /api/checkout</c> and sends it (header <see cref="Header"/>) on requests to that order's routes that carry
/// none. The tokens are shared by every client in the process (order ids are random), so a restarted host's client still
/// reads the orders checked out before the restart.
/// </summary>
public sealed class OrderTokenHandler : DelegatingHandler
{
    public const string Header = "Order-Token";

    static readonly ConcurrentDictionary<string, string> Tokens = new(StringComparer.Ordinal);

    public OrderTokenHandler()
    {
    }

    public OrderTokenHandler(HttpMessageHandler inner)
        : base(inner)
    {
    }

    /// <summary>The token the last checkout answer gave for <paramref name="orderId"/>; null when none did.</summary>
    public static string? TokenFor(string orderId) => Tokens.TryGetValue(orderId, out var token) ? token : null;

    /// <summary>Remembers the token of a 202 checkout answer (its body stays readable).</summary>
    public static async Task RememberAsync(HttpResponseMessage response, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.StatusCode != HttpStatusCode.Accepted || response.Content.Headers.ContentType?.MediaType != "application/json")
        {
            return;
        }

        await response.Content.LoadIntoBufferAsync(cancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (body.RootElement.TryGetProperty("orderId", out var orderId) && body.RootElement.TryGetProperty("orderToken", out var token))
        {
            Tokens[orderId.GetString()!] = token.GetString()!;
        }
    }

    /// <summary>Adds the remembered token of the order a request to <c>/api/orders/{id}...</c> names, unless it has one.</summary>
    public static void Attach(HttpRequestMessage request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var segments = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath.Split('/') : [];
        var at = Array.IndexOf(segments, "orders");
        if (at > 0 && segments[at - 1] == "api" && at + 1 < segments.Length && !request.Headers.Contains(Header) && TokenFor(segments[at + 1]) is { } token)
        {
            request.Headers.Add(Header, token);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Attach(request);
        var response = await base.SendAsync(request, cancellationToken);
        if (request.Method == HttpMethod.Post && request.RequestUri?.AbsolutePath.EndsWith("/api/checkout", StringComparison.Ordinal) == true)
        {
            await RememberAsync(response, cancellationToken);
        }

        return response;
    }
}
