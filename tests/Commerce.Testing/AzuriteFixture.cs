using Xunit;

namespace Commerce.Testing;

/// <summary>
/// Starts Azurite (blob, queue, table; in memory) from <c>tests/node_modules</c> on free loopback ports, waits until
/// every service answers, and kills it on dispose. Use as an xunit collection fixture.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account name.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development account key (public, documented; not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private ChildProcess? _process;
    private string? _workspace;

    /// <summary>Blob service endpoint, e.g. <c>http://127.0.0.1:51234/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint { get; private set; } = null!;

    /// <summary>Queue service endpoint.</summary>
    public Uri QueueEndpoint { get; private set; } = null!;

    /// <summary>Table service endpoint.</summary>
    public Uri TableEndpoint { get; private set; } = null!;

    /// <summary>A storage connection string for the development account on this instance's ports.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        var script = TestPaths.NodeModule("azurite/dist/src/azurite.js");
        int blobPort = ChildProcess.FreeLoopbackPort(), queuePort = ChildProcess.FreeLoopbackPort(), tablePort = ChildProcess.FreeLoopbackPort();
        BlobEndpoint = new Uri($"http://127.0.0.1:{blobPort}/{AccountName}");
        QueueEndpoint = new Uri($"http://127.0.0.1:{queuePort}/{AccountName}");
        TableEndpoint = new Uri($"http://127.0.0.1:{tablePort}/{AccountName}");
        _workspace = Directory.CreateTempSubdirectory("azurite-").FullName;

        _process = ChildProcess.StartNode(script,
        [
            "--blobHost", "127.0.0.1", "--blobPort", $"{blobPort}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{queuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{tablePort}",
            "--inMemoryPersistence", "--skipApiVersionCheck",
            "--disableProductStyleUrl", "--disableTelemetry", "--silent", "--loose",
        ], _workspace); // In memory; the working folder is a scratch one in case Azurite writes anything beside it.

        using var http = new HttpClient();
        foreach (var endpoint in new[] { BlobEndpoint, QueueEndpoint, TableEndpoint })
        {
            // Any answer from Azurite (a 400 for this unsigned request) means the service is listening.
            await _process.WaitUntilAnsweringAsync($"Azurite ({endpoint})", async ct =>
            {
                using var response = await http.GetAsync(endpoint, ct);
                return response.Headers.Server.Any(s => s.Product?.Name.StartsWith("Azurite-", StringComparison.Ordinal) == true);
            }, StartTimeout);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await _process.DisposeAsync();
        }

        if (_workspace is not null)
        {
            try
            {
                Directory.Delete(_workspace, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder.
            }
        }
    }
}
