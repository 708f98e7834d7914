using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Commerce.DevHost.Azurite;

/// <summary>
/// On the <see cref="DevHostBackend.Azurite"/> backend, makes sure Azurite answers for both storage accounts (the apps'
/// <see cref="AzuriteOptions.ConnectionString"/> and the durable task hub's <see cref="AzuriteOptions.TaskHubConnectionString"/>,
/// an account of its own in Azure) before the durable engine and the queue listeners start: a service already listening on its
/// endpoint is used as it is; otherwise (loopback endpoints only) it is started from <c>tests/node_modules</c>, each service
/// (blob, queue, table) in a Node.js process of its own, with the account's data in <c>&lt;DataPath&gt;/azurite</c> (the apps')
/// or <c>&lt;DataPath&gt;/azurite-taskhub</c>, so a restarted dev host finds its task hub again, and stopped with the dev host.
/// One Azurite process serves every request on a single thread, and the task hub's queues, the busiest, are then served
/// apart from its tables and from the apps' queues, as Azure's own storage servers do.
/// </summary>
public sealed partial class AzuriteLauncher(
    IOptions<DevHostOptions> devHost,
    IOptions<AzuriteOptions> options,
    ILogger<AzuriteLauncher> logger) : IHostedService, IDisposable
{
    static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    const string Scripts = "tests/node_modules/azurite/dist/src";

    // Generous: an Azurite on a busy machine can take seconds to answer; one that is not there refuses at once.
    readonly HttpClient probe = new() { Timeout = TimeSpan.FromSeconds(15) };
    readonly List<Process> started = [];

    /// <summary>True when this dev host started Azurite services it uses (false: every endpoint was already answering).</summary>
    public bool Started => started.Count > 0;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (devHost.Value.Backend != DevHostBackend.Azurite)
        {
            return;
        }

        var accounts = new List<(string Folder, string ConnectionString)> { ("azurite", options.Value.ConnectionString) };
        if (options.Value.TaskHubAccount != options.Value.ConnectionString)
        {
            accounts.Add(("azurite-taskhub", options.Value.TaskHubAccount));
        }

        foreach (var (folder, connectionString) in accounts)
        {
            await EnsureAnsweringAsync(connectionString, Path.Combine(devHost.Value.DataPath, folder), cancellationToken);
        }
    }

    /// <summary>Starts each service of the account that does not answer (when allowed) and waits until all answer.</summary>
    async Task EnsureAnsweringAsync(string connectionString, string location, CancellationToken cancellationToken)
    {
        (string Service, Uri Endpoint)[] services =
        [
            ("blob", new BlobServiceClient(connectionString).Uri),
            ("queue", new QueueServiceClient(connectionString).Uri),
            ("table", new TableServiceClient(connectionString).Uri),
        ];
        var missing = new List<(string Service, Uri Endpoint)>();
        foreach (var service in services)
        {
            if (!await AnswersAsync(service.Endpoint, cancellationToken))
            {
                missing.Add(service);
            }
        }

        if (missing.Count == 0)
        {
            LogFound(logger, services[1].Endpoint);
            return;
        }

        if (!options.Value.Start || !missing.All(s => s.Endpoint.IsLoopback))
        {
            throw new InvalidOperationException(
                $"No storage answers on {string.Join(", ", missing.Select(s => s.Endpoint.GetLeftPart(UriPartial.Authority)))} for DevHost:Backend=Azurite: start Azurite there, or set DevHost:Azurite:Start=true with loopback endpoints.");
        }

        var processes = missing.Select(s => StartAzurite(s.Service, s.Endpoint, location)).ToList();
        started.AddRange(processes);
        var deadline = DateTimeOffset.UtcNow + StartTimeout;
        foreach (var (service, endpoint) in missing)
        {
            while (!await AnswersAsync(endpoint, cancellationToken))
            {
                if (processes.Any(p => p.HasExited) || DateTimeOffset.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Azurite's {service} service ({Scripts}/{service}/main.js) did not answer on {endpoint} within {StartTimeout}.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }

        LogStarted(logger, string.Join(", ", missing.Select(s => s.Endpoint)), location);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var process in started.Where(p => !p.HasExited))
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(cancellationToken);
        }
    }

    public void Dispose()
    {
        foreach (var process in started)
        {
            process.Dispose();
        }

        probe.Dispose();
    }

    /// <summary>Any answer carrying Azurite's (or Azure's) server header means the service listens.</summary>
    async Task<bool> AnswersAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await probe.GetAsync(endpoint, cancellationToken);
            return response.Headers.Server.Count > 0;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    static Process StartAzurite(string service, Uri endpoint, string location)
    {
        var script = FindScript($"{service}/main.js") ?? throw new InvalidOperationException(
            $"No Azurite answers and {Scripts}/{service}/main.js was not found above {AppContext.BaseDirectory}: run `npm ci` in the repository's tests folder, or start Azurite yourself.");
        Directory.CreateDirectory(location);
        var start = new ProcessStartInfo("node") { UseShellExecute = false, WorkingDirectory = location };
        foreach (var argument in new[]
        {
            script, $"--{service}Host", endpoint.Host, $"--{service}Port", $"{endpoint.Port}",
            "--location", location, "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--disableTelemetry", "--silent",
        })
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
    }

    /// <summary>The repository's Azurite script <paramref name="relative"/> to its <c>dist/src</c>, looked for above the dev host's binaries and above the working folder.</summary>
    static string? FindScript(string relative)
        => new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() }
            .SelectMany(Ancestors)
            .Select(dir => Path.Combine(dir, Scripts, relative))
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Azurite backend: started Azurite on {Endpoints}, its data in {Location}")]
    static partial void LogStarted(ILogger logger, string endpoints, string location);
}
