using Commerce.Documents;
using Commerce.Documents.Cosmos;
using Xunit;

namespace Commerce.Testing;

/// <summary>
/// Starts the in-memory Cosmos DB server (<c>@vercel/cosmosdb-server</c>, HTTPS with a self-signed certificate) from
/// <c>tests/node_modules</c> on a free loopback port through <c>tests/cosmos-server.js</c>, waits until it answers, and
/// kills it on dispose. The .NET SDK talks to it in Gateway mode with <c>LimitToEndpoint</c> and the certificate accepted.
/// Use as an xunit collection fixture.
/// </summary>
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
        var port = ChildProcess.FreeLoopbackPort();
        Endpoint = new Uri($"https://127.0.0.1:{port}/");
        _process = ChildProcess.StartNode(launcher, ["--port", $"{port}", "--host", "127.0.0.1"], TestPaths.TestsFolder);

#pragma warning disable CA5400 // Test-only client for the local server's self-signed certificate.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
#pragma warning restore CA5400
        using var http = new HttpClient(handler);
        await _process.WaitUntilAnsweringAsync($"The Cosmos DB server ({Endpoint})", async ct =>
        {
            using var response = await http.GetAsync(Endpoint, ct);
            return response.IsSuccessStatusCode;
        }, StartTimeout);
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
