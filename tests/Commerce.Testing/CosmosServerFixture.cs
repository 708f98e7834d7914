using Commerce.Documents;
using Commerce.Documents.Cosmos;
using Xunit;

namespace Commerce.Testing;

/// <summary>
/// Starts the in-memory Cosmos DB server (<c>@vercel/cosmosdb-server</c>, HTTPS with a self-signed certificate) from
/// <c>tests/node_modules</c> on a free loopback port through <c>tests/cosmos-server.js</c>, waits until it answers, and
/// kills it on dispose. The .NET SDK talks to it in Gateway mode with <c>LimitToEndpoint</c> and the certificate accepted.
/// Use as an xunit collection fixture, or through <see cref="DevHostDocuments"/> for a whole dev host on it.
/// </summary>
/// <remarks>
/// Where this server (<c>@vercel/cosmosdb-server</c> 1.0.1) differs from Cosmos DB, and what the production code does
/// about it (it must never need a behaviour only the server has):
/// <list type="bullet">
/// <item><b>ETag form.</b> The server's <c>_etag</c> and <c>ETag</c> header are a bare GUID; Cosmos DB's are quoted
/// (<c>"00000000-…"</c>). The adapter passes the store's version back to the store unchanged (<c>IfMatchEtag</c>), and
/// every app turns it into an HTTP entity tag only through <c>EntityTags.Of</c> (Commerce.Primitives), which gives one
/// RFC 9110 strong tag for either form; the storefront, checkout and order suites run on both adapters to prove it.</item>
/// <item><b>TTL.</b> The server stores <c>ttl</c> but never expires an item; Cosmos DB deletes it after <c>ttl</c>
/// seconds (and no longer returns it). The contract test checks the adapter writes <c>ttl</c> and the container's
/// <c>DefaultTimeToLive = -1</c>; expiry itself is proven on SQLite, which hides expired rows at once. No code relies
/// on an item outliving its TTL or vanishing on time: reservations carry their own <c>expiresAt</c> (read against the
/// clock), claims and processed-event records only bound how long a duplicate is recognised, and a guest cart that is
/// gone reads as not found.</item>
/// <item><b>Cross-partition queries.</b> Not supported by the server. The document store port has none: every query
/// names its partition key (<c>WHERE c.pk = @pk</c> plus <c>PartitionKey</c> in the request options).</item>
/// <item><b>Query plans.</b> The server does not answer the SDK's query-plan request (the SDK asks the gateway on
/// Linux); <c>tests/cosmos-server.js</c> answers a pass-through plan. Cosmos DB answers a real one; the adapter's
/// queries (one partition, one ORDER BY term) need nothing from it.</item>
/// <item><b>Transactional batch.</b> Not supported by the server; the production code uses none (one document per
/// ETag-conditional write, and sagas with compensations where several change).</item>
/// <item><b>Missing item in a partitioned container.</b> The server answers 500 to a point read of a missing item;
/// <c>tests/cosmos-server.js</c> answers Cosmos DB's 404.</item>
/// <item><b>Throttling and consistency.</b> The server never answers 429 (no request units) and is one in-memory
/// replica; the 429/503 retry path (<c>ResilientDocumentStore</c>) is tested with injected faults instead.</item>
/// <item><b>Identity.</b> The server accepts any key over a self-signed certificate; Azure uses Entra ID
/// (<c>CosmosDb:AccountEndpoint</c>), and <c>AllowInsecureEmulatorCertificate</c> is refused for a non-loopback endpoint.</item>
/// </list>
/// </remarks>
public sealed class CosmosServerFixture : IAsyncLifetime
{
    /// <summary>The Cosmos DB emulator's well-known key; the server accepts any key, the SDK needs a valid base64 one.</summary>
    public const string Key = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private ChildProcess? _process;

    /// <summary>The server's endpoint, e.g. <c>https://127.0.0.1:51234/</c>.</summary>
    public Uri Endpoint { get; private set; } = null!;

    /// <summary>Key-based connection string for this server.</summary>
    public string ConnectionString => $"AccountEndpoint={Endpoint};AccountKey={Key};";

    /// <summary>Adapter options for this server and <paramref name="databaseName"/> (a fresh database by default).</summary>
    public CosmosDbOptions CreateOptions(string? databaseName = null) => new()
    {
        ConnectionString = ConnectionString,
        DatabaseName = databaseName ?? "test-" + Guid.NewGuid().ToString("N"),
        AllowInsecureEmulatorCertificate = true,
    };

    /// <summary>A Cosmos DB document store on this server (a fresh database by default); dispose it after use.</summary>
    public CosmosDocumentStore CreateDocumentStore(string? databaseName = null) => CosmosDocumentStore.Create(CreateOptions(databaseName));

    /// <summary>Same as <see cref="CreateDocumentStore"/>, typed as the port.</summary>
    public IDocumentStore CreateStore(string? databaseName = null) => CreateDocumentStore(databaseName);

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        TestPaths.NodeModule("@vercel/cosmosdb-server/lib/index.js");
        var launcher = Path.Combine(TestPaths.TestsFolder, "cosmos-server.js");

#pragma warning disable CA5400 // Test-only client for the local server's self-signed certificate.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
#pragma warning restore CA5400
        using var http = new HttpClient(handler);
        var (process, port) = await ChildProcess.StartOnFreeLoopbackPortAsync(
            "The Cosmos DB server",
            port => ChildProcess.StartNode(launcher, ["--port", $"{port}", "--host", "127.0.0.1"], TestPaths.TestsFolder),
            async (port, ct) =>
            {
                using var response = await http.GetAsync(new Uri($"https://127.0.0.1:{port}/"), ct);
                return response.IsSuccessStatusCode;
            },
            StartTimeout);
        _process = process;
        Endpoint = new Uri($"https://127.0.0.1:{port}/");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }
    }
}
