using Xunit;

namespace Commerce.Testing;

/// <summary>
/// Starts Azurite (blob, queue, table; data in a scratch folder, as the dev host's launcher keeps it) from <c>tests/node_modules</c> on loopback ports it binds itself (port
/// 0, read back from its output), waits until every service answers, and kills it on dispose. Use as an xunit
/// collection fixture.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account name.</summary>
    public const string AccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development account key (public, documented; not a secret).</summary>
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private readonly List<(string Service, ChildProcess Process)> _processes = [];
    private string? _workspace;

    /// <summary>Blob service endpoint, e.g. <c>http://127.0.0.1:51234/devstoreaccount1</c>.</summary>
    public Uri BlobEndpoint { get; private set; } = null!;

    /// <summary>Queue service endpoint.</summary>
    public Uri QueueEndpoint { get; private set; } = null!;

    /// <summary>Table service endpoint.</summary>
    public Uri TableEndpoint { get; private set; } = null!;

    /// <summary>The scratch folder this instance keeps its data in (deleted on dispose).</summary>
    public string DataPath => _workspace ?? throw new InvalidOperationException("Azurite has not been started.");

    /// <summary>A storage connection string for the development account on this instance's ports.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint={BlobEndpoint};QueueEndpoint={QueueEndpoint};TableEndpoint={TableEndpoint};";

    /// <summary>
    /// One Node.js process per service (Azurite's <c>azurite-blob</c>, <c>azurite-queue</c> and <c>azurite-table</c>) instead of
    /// one for all three: each service then has an event loop of its own, as each Azure Storage service has servers of its own.
    /// </summary>
    public bool ProcessPerService { get; init; }

    /// <inheritdoc />
    public async ValueTask InitializeAsync()
    {
        _workspace = Directory.CreateTempSubdirectory("azurite-").FullName;
        string[] common = ["--location", _workspace, "--skipApiVersionCheck", "--disableProductStyleUrl", "--disableTelemetry", "--silent", "--loose"];

        // Port 0: each service binds a port the system gives it at that moment, and Azurite prints which. A port
        // picked here and released before Azurite starts could be taken by another program in between. Its data
        // is kept in files of a scratch folder, as the dev host's own Azurite (AzuriteLauncher) keeps it.
        var ports = new Dictionary<string, int>(StringComparer.Ordinal);
        if (ProcessPerService)
        {
            foreach (var service in new[] { "blob", "queue", "table" })
            {
                // The table service alone prints the port it was asked for, not the one it bound: a preloaded script
                // prints the bound one.
                var process = ChildProcess.Start("node",
                    [.. service == "table" ? ["--require", Path.Combine(TestPaths.TestsFolder, "listening-port.js")] : Array.Empty<string>(),
                     TestPaths.NodeModule($"azurite/dist/src/{service}/main.js"), $"--{service}Host", "127.0.0.1", $"--{service}Port", "0", .. common],
                    _workspace);
                _processes.Add((service, process));
                var expected = ports.Count + 1;
                await process.WaitUntilAnsweringAsync($"Azurite {service} (its listening port)", _ => Task.FromResult(ReadListeningPorts(process.Output, ports, service) >= expected), StartTimeout);
            }
        }
        else
        {
            var process = ChildProcess.StartNode(TestPaths.NodeModule("azurite/dist/src/azurite.js"),
                ["--blobHost", "127.0.0.1", "--blobPort", "0", "--queueHost", "127.0.0.1", "--queuePort", "0", "--tableHost", "127.0.0.1", "--tablePort", "0", .. common], _workspace);
            _processes.Add(("all", process));
            await process.WaitUntilAnsweringAsync("Azurite (its listening ports)", _ => Task.FromResult(ReadListeningPorts(process.Output, ports) == 3), StartTimeout);
        }

        BlobEndpoint = new Uri($"http://127.0.0.1:{ports["Blob"]}/{AccountName}");
        QueueEndpoint = new Uri($"http://127.0.0.1:{ports["Queue"]}/{AccountName}");
        TableEndpoint = new Uri($"http://127.0.0.1:{ports["Table"]}/{AccountName}");

        using var http = new HttpClient();
        foreach (var endpoint in new[] { BlobEndpoint, QueueEndpoint, TableEndpoint })
        {
            await _processes[^1].Process.WaitUntilAnsweringAsync($"Azurite ({endpoint})", ct => AnswersAsAzuriteAsync(http, endpoint, ct), StartTimeout);
        }
    }

    /// <summary>Any answer from Azurite (a 400 for this unsigned request) means the service is listening.</summary>
    private static async Task<bool> AnswersAsAzuriteAsync(HttpClient http, Uri endpoint, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(endpoint, cancellationToken);
        return response.Headers.Server.Any(s => s.Product?.Name.StartsWith("Azurite-", StringComparison.Ordinal) == true);
    }

    /// <summary>The CPU time each Azurite process has used so far, by service (<c>blob</c>, <c>queue</c>, <c>table</c>; <c>all</c> for one process serving all three).</summary>
    public IReadOnlyList<(string Service, TimeSpan Cpu)> ProcessorTimes() => [.. _processes.Select(p => (p.Service, p.Process.ProcessorTime))];

    /// <summary>
    /// Reads <c>Azurite Blob service is successfully listening at http://127.0.0.1:PORT</c> (and Queue, Table; <c>successfully
    /// listens on</c> from a single service's process) from Azurite's output into <paramref name="ports"/>; with
    /// <paramref name="service"/>, the process serves that one service and a line of <c>listening-port.js</c> (<c>HTTP server
    /// listening at 127.0.0.1:PORT</c>) names its port too. Returns how many services it holds.
    /// </summary>
    internal static int ReadListeningPorts(string output, Dictionary<string, int> ports, string? service = null)
    {
        foreach (System.Text.RegularExpressions.Match match in ListeningLine.Matches(output))
        {
            // Port 0 is what a service was asked for, not what it bound.
            var port = int.Parse(match.Groups["port"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
            if (port == 0)
            {
                continue;
            }

            if (match.Groups["service"].Success)
            {
                ports[match.Groups["service"].Value] = port;
            }
            else if (service is not null)
            {
                ports[char.ToUpperInvariant(service[0]) + service[1..]] = port;
            }
        }

        return ports.Count;
    }

    private static readonly System.Text.RegularExpressions.Regex ListeningLine = new(
        @"(?:Azurite (?<service>Blob|Queue|Table) service (?:is successfully listening at|successfully listens on) https?://[^\s]+|HTTP server listening at [^\s]+):(?<port>[0-9]{1,5})\b",
        System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var (_, process) in _processes)
        {
            await process.DisposeAsync();
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
