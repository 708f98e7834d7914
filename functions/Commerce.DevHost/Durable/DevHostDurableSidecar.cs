using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Commerce.DevHost.Azurite;
using DurableTask.AzureStorage;
using DurableTask.Core;

namespace Commerce.DevHost.Durable;

/// <summary>
/// Runs the Durable Task gRPC sidecar (<see cref="TaskHubGrpcServer"/> over an <see cref="InMemoryOrchestrationService"/>,
/// or on the <see cref="DevHostBackend.Azurite"/> backend over the Azure Storage provider that Durable Functions runs on
/// in Azure, whose task hub outlives the process) on its own small Kestrel app inside this process,
/// started and stopped with the host that registers it. The worker and client registered by
/// <see cref="DevHostDurableTaskExtensions.AddDevHostDurableTask"/> connect to it over loopback.
/// </summary>
internal sealed partial class DevHostDurableSidecar(
    DevHostDurableEndpoint endpoint,
    IOptions<DevHostDurableOptions> options,
    IOptions<DevHostOptions> devHost,
    IOptions<AzuriteOptions> azurite,
    ILoggerFactory loggerFactory,
    ILogger<DevHostDurableSidecar> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        int maxConcurrentWorkItems = options.Value.MaxConcurrentWorkItems;
        var (dispatched, store) = devHost.Value.Backend == DevHostBackend.Azurite
            ? await AzureStorageAsync(maxConcurrentWorkItems)
            : InMemory(maxConcurrentWorkItems);

        // An empty builder: no appsettings, environment variables or URLs of the outer host leak in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore()
            .UseSockets(sockets => sockets.CreateBoundListenSocket = endpoint.BindListenSocket)
            .ConfigureKestrel(kestrel =>
        {
            // One worker multiplexes every work-item completion over HTTP/2; don't let the
            // default of 100 streams per connection become the next cap.
            kestrel.Limits.Http2.MaxStreamsPerConnection = Math.Max(100, maxConcurrentWorkItems);
            kestrel.Listen(IPAddress.Loopback, endpoint.Port, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddRouting();
        builder.Services.AddGrpc();
        // The dispatchers see the raised cap; API calls (including query and purge, which need the
        // concrete store's extra interfaces) go straight to the store.
        builder.Services.AddSingleton<IOrchestrationService>(dispatched);
        builder.Services.AddSingleton<IOrchestrationServiceClient>(store);
        builder.Services.AddSingleton<TaskHubGrpcServer>();

        var sidecar = builder.Build();
        sidecar.MapGrpcService<TaskHubGrpcServer>();
        try
        {
            await sidecar.StartAsync(cancellationToken);
        }
        catch
        {
            await sidecar.DisposeAsync();
            throw;
        }

        app = sidecar;
        LogStarted(logger, endpoint.Address, maxConcurrentWorkItems, devHost.Value.Backend);
    }

    (IOrchestrationService Dispatched, IOrchestrationServiceClient Store) InMemory(int maxConcurrentWorkItems)
    {
        var store = new InMemoryOrchestrationService(loggerFactory);
        return (new DevHostOrchestrationService(store, maxConcurrentWorkItems), store);
    }

    async Task<(IOrchestrationService Dispatched, IOrchestrationServiceClient Store)> AzureStorageAsync(int maxConcurrentWorkItems)
    {
        var settings = azurite.Value;
        var storage = new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(settings.TaskHubAccount),
            TaskHubName = settings.TaskHub,
            PartitionCount = options.Value.PartitionCount ?? DevHostDurableOptions.DefaultPartitionCount,
            MaxConcurrentTaskOrchestrationWorkItems = maxConcurrentWorkItems,
            MaxConcurrentTaskActivityWorkItems = maxConcurrentWorkItems,
            MaxQueuePollingInterval = options.Value.MaxQueuePollingInterval,
            // One dev host per task hub: no app lease to wait for, and partitions tracked in a table so that a
            // restarted host (a new worker) takes them over as soon as the stopped one released them.
            UseAppLease = false,
            UseTablePartitionManagement = true,
            // Served by DevHostOrchestrationService: a running instance's history stays in memory between its steps
            // (Azurite answers the history query of each step by scanning the whole history table).
            ExtendedSessionsEnabled = options.Value.ExtendedSessionIdleTimeout > TimeSpan.Zero,
            ExtendedSessionIdleTimeout = options.Value.ExtendedSessionIdleTimeout,
            LoggerFactory = loggerFactory,
        });
        // Not disposed by this class: the sidecar stops it (releasing its partitions) from its own stopping event, which
        // may still be running when the host is disposed.
        await storage.CreateIfNotExistsAsync();
        var running = new RunningInstances();
        return (new DevHostOrchestrationService(storage, maxConcurrentWorkItems, running, options.Value.ActivityQueueReaders), new DevHostTaskHubClient<AzureStorageOrchestrationService>(storage, running));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (app is { } sidecar)
        {
            await sidecar.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (app is { } sidecar)
        {
            app = null;
            await sidecar.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Durable Task sidecar listening on {Address} with at most {MaxConcurrentWorkItems} concurrent work items on the {Backend} backend")]
    private static partial void LogStarted(ILogger logger, Uri address, int maxConcurrentWorkItems, DevHostBackend backend);
}
