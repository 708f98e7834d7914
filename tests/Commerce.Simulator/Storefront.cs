using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

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

    /// <summary>Sends a request, records it under <paramref name="endpoint"/>, and returns the parsed JSON body when there is one.</summary>
    public async Task<JsonElement?> SendAsync(string endpoint, HttpMethod method, string url, object? body, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var request = new HttpRequestMessage(method, url);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
            }

            using var response = await http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            metrics.Record(endpoint, started, (int)response.StatusCode);
            if (!response.IsSuccessStatusCode || text.Length == 0 || response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) != true)
            {
                return null;
            }

            using var json = JsonDocument.Parse(text);
            return json.RootElement.Clone();
        }
        catch (HttpRequestException)
        {
            metrics.Record(endpoint, started, 0);
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.Record(endpoint, started, 0);
            return null;
        }
    }

    /// <summary>Learns ids, categories and name words from any response that lists things with an <c>id</c>.</summary>
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
