using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.DevHost;
using Commerce.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Cart.IntegrationTests;

/// <summary>
/// The dev host in process with its data in a fresh temporary folder, the cart's catalog and stock seeded; its
/// documents in the embedded SQLite store, or (<see cref="CosmosCartDevHost"/>) on a Cosmos DB server of its own.
/// </summary>
public class CartDevHost : WebApplicationFactory<DevHostOptions>, IAsyncLifetime
{
    readonly string dataPath = Path.Combine(Path.GetTempPath(), "commerce-cart-tests", Guid.NewGuid().ToString("N"));
    DevHostDocuments? documents;

    public CartDevHost()
        : this(DocumentProvider.Sqlite)
    {
    }

    protected CartDevHost(DocumentProvider provider) => Provider = provider;

    /// <summary>The document store adapter every app of this host runs on.</summary>
    public DocumentProvider Provider { get; }

    /// <summary>What the cart published to the clickstream (stands in for the analytics app's publisher).</summary>
    public RecordingClickstream Clickstream { get; } = new();

    public async ValueTask InitializeAsync()
    {
        documents = await DevHostDocuments.StartAsync(Provider);
        await CartSeed.SeedAsync(Services.GetRequiredService<IDocumentStore>(), TestContext.Current.CancellationToken);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DevHost:DataPath", dataPath);
        builder.UseSetting("Catalog:Demo:Products", "50");
        builder.UseEnvironment("Development");
        foreach (var (key, value) in documents?.Settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services => services.AddSingleton<IClickstreamPublisher>(Clickstream));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
        if (documents is not null)
        {
            await documents.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }
}

/// <summary>The same dev host with every app on a Cosmos DB server (the npm one; see <see cref="CosmosServerFixture"/> for how it differs from Cosmos DB).</summary>
public sealed class CosmosCartDevHost() : CartDevHost(DocumentProvider.Cosmos);

/// <summary>A storefront talking to one cart: keeps its id, token, ETag and bearer token.</summary>
public sealed class StorefrontClient(HttpClient http)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string? CartId { get; set; }

    public string? Token { get; set; }

    public string? ETag { get; set; }

    public string? Bearer { get; set; }

    public HttpClient Http => http;

    public async Task<HttpResponseMessage> CreateAsync(string? body = null)
    {
        var response = await SendAsync(HttpMethod.Post, "/api/carts", body, ifMatch: false);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            using var created = await ReadAsync(response);
            CartId = created.RootElement.GetProperty("cartId").GetString();
            Token = created.RootElement.TryGetProperty("cartToken", out var token) ? token.GetString() : null;
        }

        return response;
    }

    public async Task<string> SignInAsync(string customerId)
    {
        using var response = await http.PostAsJsonAsync("/api/dev/token", new { customerId });
        response.EnsureSuccessStatusCode();
        using var token = await ReadAsync(response);
        return Bearer = token.RootElement.GetProperty("accessToken").GetString()!;
    }

    public Task<HttpResponseMessage> GetAsync() => SendAsync(HttpMethod.Get, $"/api/carts/{CartId}", null, ifMatch: false);

    public Task<HttpResponseMessage> AddAsync(string sku, int quantity) => SendAsync(HttpMethod.Post, $"/api/carts/{CartId}/items", JsonSerializer.Serialize(new { sku, quantity }));

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body, bool ifMatch = true)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }

        if (Token is not null)
        {
            request.Headers.Add("X-Cart-Token", Token);
        }

        if (Bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Bearer);
        }

        if (ifMatch && ETag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ETag);
        }

        var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        if (response.IsSuccessStatusCode && response.Headers.ETag is { } etag)
        {
            ETag = etag.Tag;
        }

        return response;
    }

    public static async Task<JsonDocument> ReadAsync(HttpResponseMessage response)
        => await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken), cancellationToken: TestContext.Current.CancellationToken);

    public static async Task<long> TotalAsync(HttpResponseMessage response, string name)
    {
        using var json = await ReadAsync(response);
        return Minor(json.RootElement, name);
    }

    /// <summary>The minor units of the money property <paramref name="name"/> ({"minor", "currency"}, in the cart's currency).</summary>
    public static long Minor(JsonElement cart, string name)
    {
        var money = cart.GetProperty(name);
        Assert.Equal(cart.GetProperty("currency").GetString(), money.GetProperty("currency").GetString());
        return money.GetProperty("minor").GetInt64();
    }
}

/// <summary>Keeps every published event.</summary>
public sealed class RecordingClickstream : IClickstreamPublisher
{
    readonly System.Collections.Concurrent.ConcurrentQueue<StorefrontEvent> events = new();

    public IReadOnlyCollection<StorefrontEvent> Events => events;

    public Task PublishAsync(IReadOnlyList<StorefrontEvent> batch, CancellationToken cancellationToken = default)
    {
        foreach (var e in batch)
        {
            events.Enqueue(e);
        }

        return Task.CompletedTask;
    }
}
