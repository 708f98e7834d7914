using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Commerce.ServiceDefaults;

namespace Commerce.Simulator;

/// <summary>
/// What the target serves (read from its OpenAPI document) and what shoppers have learnt about it (product ids,
/// categories, search words), shared by all virtual shoppers.
/// </summary>
public sealed class Storefront(HttpClient http, Metrics metrics, IReadOnlySet<string> operations)
{
    public ConcurrentDictionary<string, byte> ProductIds { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, byte> Categories { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, byte> Words { get; } = new(StringComparer.Ordinal);

    /// <summary>The SKUs the virtual warehouses stock (chosen at start); shoppers buy only these.</summary>
    public IReadOnlyList<string> StockedSkus { get; set; } = [];

    public HttpClient Http => http;

    public Metrics Metrics => metrics;

    public bool Serves(string method, string path) => operations.Contains($"{method} {path}");

    public static async Task<Storefront> DiscoverAsync(HttpClient http, Metrics metrics, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json", cancellationToken));
        var operations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject())
            {
                operations.Add($"{method.Name.ToUpperInvariant()} {path.Name}");
            }
        }

        return new Storefront(http, metrics, operations);
    }

    /// <summary>Sends a request, records it under <paramref name="endpoint"/>, and returns its status, ETag and JSON body (when there is one).</summary>
    public async Task<Reply> SendAsync(string endpoint, HttpMethod method, string url, object? body, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var content = body is null ? null : JsonContent.Create(body, options: JsonSerializerOptions.Web);
        return await SendContentAsync(endpoint, method, url, content, cancellationToken, headers);
    }

    public async Task<Reply> SendContentAsync(string endpoint, HttpMethod method, string url, HttpContent? content, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(method, url) { Content = content };
            foreach (var (name, value) in headers ?? EmptyHeaders)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var status = (int)response.StatusCode;
            metrics.Record(endpoint, started, status);
            var etag = response.Headers.ETag?.ToString();
            if (text.Length == 0 || response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) != true)
            {
                return new Reply(status, null, etag);
            }

            using var json = JsonDocument.Parse(text);
            return new Reply(status, json.RootElement.Clone(), etag);
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            metrics.Record(endpoint, started, 0);
            return new Reply(0, null, null);
        }
    }

    static readonly Dictionary<string, string> EmptyHeaders = [];

    /// <summary>The orders app's stock of a SKU (<c>GET /api/inventory/{sku}</c>, admin key); null when it has none or did not answer.</summary>
    public async Task<StockDocument?> ReadStockAsync(string sku, CancellationToken cancellationToken)
    {
        var reply = await SendAsync("GET /api/inventory/{sku}", HttpMethod.Get, $"/api/inventory/{Uri.EscapeDataString(sku)}", null, cancellationToken);
        return reply.IsSuccess && reply.Json is { } json ? json.Deserialize<StockDocument>(CommerceJson.Options) : null;
    }

    /// <summary>Learns ids, categories and name words from any response that lists things with an <c>id</c>.</summary>
    public void Learn(Reply reply) => Learn(reply.IsSuccess ? reply.Json : null);

    public void Learn(JsonElement? element, int depth = 0)
    {
        if (element is not { } value || depth > 6)
        {
            return;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray().Take(100))
                {
                    Learn(item, depth + 1);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    if (property.Value.ValueKind == JsonValueKind.String)
                    {
                        var text = property.Value.GetString()!;
                        if (property.NameEquals("productId") || (property.NameEquals("id") && value.TryGetProperty("slug", out _)))
                        {
                            ProductIds.TryAdd(text, 0);
                        }
                        else if (property.NameEquals("categoryId") || property.NameEquals("category"))
                        {
                            Categories.TryAdd(text, 0);
                        }
                        else if (property.NameEquals("name") && Words.Count < 500)
                        {
                            foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 4))
                            {
                                Words.TryAdd(word.ToLowerInvariant(), 0);
                            }
                        }
                    }
                    else
                    {
                        Learn(property.Value, depth + 1);
                    }
                }

                break;
        }
    }
}

/// <summary>What a call answered: the status (0 when there was no answer), the ETag, and the JSON body when there was one.</summary>
public sealed record Reply(int Status, JsonElement? Json, string? ETag)
{
    public bool IsSuccess => Status is >= 200 and < 300;

    public string? Text(string property) => Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
