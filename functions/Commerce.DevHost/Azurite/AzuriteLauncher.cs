using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Commerce.DevHost.Azurite;

/// <summary>
/// On the <see cref="DevHostBackend.Azurite"/> backend, makes sure Azurite answers before the durable engine and the queue
/// listeners start: an Azurite already listening on the configured endpoints is used as it is; otherwise (loopback
/// endpoints only) one is started from <c>tests/node_modules</c> with its data in <c>&lt;DataPath&gt;/azurite</c>, so a
/// restarted dev host finds its task hub again, and stopped with the dev host.
/// </summary>
public sealed partial class AzuriteLauncher(
    IOptions<DevHostOptions> devHost,
    IOptions<AzuriteOptions> options,
    ILogger<AzuriteLauncher> logger) : IHostedService, IDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    const string Script = "tests/node_modules/azurite/dist/src/azurite.js";

    // Generous: an Azurite on a busy machine can take seconds to answer; one that is not there refuses at once.
    readonly HttpClient probe = new() { Timeout = TimeSpan.FromSeconds(15) };
    Process? azurite;

    /// <summary>True when this dev host started the Azurite it uses (false: one was already answering).</summary>
    public bool Started => azurite is not null;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (devHost.Value.Backend != DevHostBackend.Azurite)
        {
            return;
        }

        var connectionString = options.Value.ConnectionString;
        Uri[] endpoints =
        [
            new BlobServiceClient(connectionString).Uri,
            new QueueServiceClient(connectionString).Uri,
            new TableServiceClient(connectionString).Uri,
        ];
        if (await AllAnswerAsync(endpoints, cancellationToken))
        {
            LogFound(logger, endpoints[1]);
            return;
        }

        if (!options.Value.Start || !endpoints.All(e => e.IsLoopback))
        {
            throw new InvalidOperationException(
                $"No storage answers on {string.Join(", ", endpoints.Select(e => e.GetLeftPart(UriPartial.Authority)))} for DevHost:Backend=Azurite: start Azurite there, or set DevHost:Azurite:Start=true with loopback endpoints.");
        }

        azurite = StartAzurite(endpoints, Path.Combine(devHost.Value.DataPath, "azurite"));
        var deadline = DateTimeOffset.UtcNow + StartTimeout;
        while (!await AllAnswerAsync(endpoints, cancellationToken))
        {
            if (azurite.HasExited || DateTimeOffset.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Azurite ({Script}) did not answer on {endpoints[1]} within {StartTimeout}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }

        LogStarted(logger, endpoints[1], azurite.Id);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (azurite is { HasExited: false } started)
        {
            started.Kill(entireProcessTree: true);
            await started.WaitForExitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        azurite?.Dispose();
        probe.Dispose();
    }

    /// <summary>Any answer carrying Azurite's (or Azure's) server header from every endpoint means the services listen.</summary>
    async Task<bool> AllAnswerAsync(Uri[] endpoints, CancellationToken cancellationToken)
    {
        foreach (var endpoint in endpoints)
        {
            try
            {
                using var response = await probe.GetAsync(endpoint, cancellationToken);
                if (response.Headers.Server.Count == 0)
                {
                    return false;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }

    static Process StartAzurite(Uri[] endpoints, string location)
    {
        var script = FindScript() ?? throw new InvalidOperationException(
            $"No Azurite answers and {Script} was not found above {AppContext.BaseDirectory}: run `npm ci` in the repository's tests folder, or start Azurite yourself.");
        Directory.CreateDirectory(location);
        var start = new ProcessStartInfo("node") { UseShellExecute = false, WorkingDirectory = location };
        start.ArgumentList.Add(script);
        foreach (var (service, endpoint) in new[] { ("blob", endpoints[0]), ("queue", endpoints[1]), ("table", endpoints[2]) })
        {
            start.ArgumentList.Add($"--{service}Host");
            start.ArgumentList.Add(endpoint.Host);
            start.ArgumentList.Add($"--{service}Port");
            start.ArgumentList.Add($"{endpoint.Port}");
        }

        foreach (var flag in new[] { "--location", location, "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--disableTelemetry", "--silent" })
        {
            start.ArgumentList.Add(flag);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
    }

    /// <summary>The repository's Azurite, looked for above the dev host's binaries and above the working folder.</summary>
    static string? FindScript()
        => new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() }
            .SelectMany(Ancestors)
            .Select(dir => Path.Combine(dir, Script))
            .FirstOrDefault(File.Exists);

    static IEnumerable<string> Ancestors(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            yield return dir.FullName;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite backend: using the Azurite already answering on {QueueEndpoint}")]
    static partial void LogFound(ILogger logger, Uri queueEndpoint);

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite backend: started Azurite (process {ProcessId}) on {QueueEndpoint}")]
    static partial void LogStarted(ILogger logger, Uri queueEndpoint, int processId);
}
