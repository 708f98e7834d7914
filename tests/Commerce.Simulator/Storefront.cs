using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Commerce.Client;
using Commerce.Client.Api;
using Commerce.Client.Models;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Commerce.Testing;
using Microsoft.Kiota.Abstractions;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Microsoft.Kiota.Http.HttpClientLibrary.Extensions;
using Microsoft.Kiota.Serialization.Json;
using StockDocument = Commerce.Orders.Domain.StockDocument;

namespace Commerce.Simulator;

/// <summary>
/// What the target serves (read from its OpenAPI document), the generated client (tests/Commerce.Client) every call
/// goes through, and what shoppers have learnt about the store (product ids, categories, search words), shared by
/// all virtual shoppers. Each answer is checked against the document as it passes (<see cref="OpenApiContractHandler"/>):
/// an undocumented status or a body off its schema is a violation of the run.
/// </summary>
public sealed class Storefront(IRequestAdapter adapter, Metrics metrics, IReadOnlySet<string> operations)
{
    public ConcurrentDictionary<string, byte> ProductIds { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, byte> Categories { get; } = new(StringComparer.Ordinal);

    public ConcurrentDictionary<string, byte> Words { get; } = new(StringComparer.Ordinal);

    /// <summary>The SKUs the virtual warehouses stock (chosen at start); shoppers buy only these.</summary>
    public IReadOnlyList<string> StockedSkus { get; set; } = [];

    /// <summary>The generated client's routes (<c>Api.Carts</c>, <c>Api.Orders</c>, ...).</summary>
    public ApiRequestBuilder Api { get; } = new CommerceClient(adapter).Api;

    public IRequestAdapter Adapter => adapter;

    public Metrics Metrics => metrics;

    public bool Serves(string method, string path) => operations.Contains($"{method} {path}");

    /// <summary>
    /// Reads the target's document through <paramref name="http"/> (whose pipeline has <paramref name="contract"/>), has
    /// every later answer checked against it, and makes the generated client on the same connection.
    /// </summary>
    public static async Task<Storefront> DiscoverAsync(HttpClient http, OpenApiContractHandler contract, Metrics metrics, CancellationToken cancellationToken)
    {
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json", cancellationToken))!.AsObject();
        contract.Enforce(new OpenApiContract(document), metrics.Violation);
        var operations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, _) in item!.AsObject())
            {
                operations.Add($"{method.ToUpperInvariant()} {path}");
            }
        }

        var adapter = new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: http) { BaseUrl = http.BaseAddress!.GetLeftPart(UriPartial.Authority) };
        return new Storefront(adapter, metrics, operations);
    }

    /// <summary>Makes one call through the generated client (<paramref name="send"/> configures its request with the <see cref="Call"/>), records it under <paramref name="endpoint"/>, and returns its status, ETag and body.</summary>
    public async Task<Reply<T>> CallAsync<T>(string endpoint, Func<Call, Task<T?>> send, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null)
        where T : class
    {
        var call = new Call(headers);
        var started = Stopwatch.GetTimestamp();
        T? body = null;
        try
        {
            body = await send(call);
        }
        catch (ApiException)
        {
            // A refusal: its status is the call's, its body was checked against the document on the way.
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            call.Answered(0, null);
        }

        metrics.Record(endpoint, started, call.Status);
        return new Reply<T>(call.Status, call.Status is >= 200 and < 300 ? body : null, call.ETag);
    }

    /// <summary>A call whose answer has no body the simulator reads.</summary>
    public Task<Reply<object>> CallAsync(string endpoint, Func<Call, Task> send, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null)
        => CallAsync<object>(endpoint, async call =>
        {
            await send(call);
            return null;
        }, cancellationToken, headers);

    /// <summary>The orders app's stock of a SKU (<c>GET /api/inventory/{sku}</c>, admin key); null when it has none or did not answer.</summary>
    public async Task<StockDocument?> ReadStockAsync(string sku, CancellationToken cancellationToken)
    {
        var reply = await CallAsync("GET /api/inventory/{sku}", call => Api.Inventory[sku].GetAsync(call.Configure, cancellationToken), cancellationToken);
        return reply.Body is { } stock
            ? JsonSerializer.Deserialize<StockDocument>(await KiotaJsonSerializer.SerializeAsStringAsync(stock, serializeOnlyChangedValues: false, cancellationToken), CommerceJson.Options)
            : null;
    }

    /// <summary><c>GET /api/orders/{orderId}</c> with the checkout's order token.</summary>
    public Task<Reply<OrderView>> ReadOrderAsync(TrackedCheckout checkout, CancellationToken cancellationToken)
        => CallAsync("GET /api/orders/{orderId}", call => Api.Orders[checkout.OrderId].GetAsync(call.Configure, cancellationToken), cancellationToken, checkout.OrderAccess);

    /// <summary>Learns a product's id and name words, and its category.</summary>
    public void Learn(string? productId, string? name, string? categoryId)
    {
        if (productId is not null)
        {
            ProductIds.TryAdd(productId, 0);
        }

        if (categoryId is not null)
        {
            Categories.TryAdd(categoryId, 0);
        }

        if (name is not null && Words.Count < 500)
        {
            foreach (var word in name.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(w => w.Length >= 4))
            {
                Words.TryAdd(word.ToLowerInvariant(), 0);
            }
        }
    }

    /// <summary>Learns the categories of a tree.</summary>
    public void Learn(IEnumerable<CategoryNode>? categories, int depth = 0)
    {
        foreach (var category in (categories ?? []).Take(100).Where(_ => depth <= 6))
        {
            Learn(null, null, category.Id);
            Learn(category.Children, depth + 1);
        }
    }
}

/// <summary>
/// One call's request option (it travels with the request through the pipeline): the headers it sends, and the status
/// and ETag it was answered with (0 and none when there was no answer), filled in by <see cref="CallRecordingHandler"/>.
/// </summary>
public sealed class Call(IReadOnlyDictionary<string, string>? headers) : IRequestOption
{
    public int Status { get; private set; }

    public string? ETag { get; private set; }

    public void Answered(int status, string? etag) => (Status, ETag) = (status, etag);

    /// <summary>Configures a request of the generated client: this call rides along, its headers are sent.</summary>
    public void Configure<TQuery>(RequestConfiguration<TQuery> configuration)
        where TQuery : class, new()
    {
        configuration.Options.Add(this);
        foreach (var (name, value) in headers ?? EmptyHeaders)
        {
            configuration.Headers.Add(name, value);
        }
    }

    static readonly Dictionary<string, string> EmptyHeaders = [];
}

/// <summary>Fills in each <see cref="Call"/> with the status and ETag of its answer.</summary>
public sealed class CallRecordingHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        request.GetRequestOption<Call>()?.Answered((int)response.StatusCode, response.Headers.ETag?.ToString());
        return response;
    }
}

/// <summary>What a call answered: the status (0 when there was no answer), the ETag, and the body of a success.</summary>
public sealed record Reply<T>(int Status, T? Body, string? ETag)
    where T : class
{
    public bool IsSuccess => Status is >= 200 and < 300;
}
