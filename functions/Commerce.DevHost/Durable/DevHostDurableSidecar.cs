using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using DurableTask.Core;

namespace Commerce.DevHost.Durable;

/// <summary>
/// Runs the Durable Task gRPC sidecar (<see cref="TaskHubGrpcServer"/> over an
/// <see cref="InMemoryOrchestrationService"/>) on its own small Kestrel app inside this process,
/// started and stopped with the host that registers it. The worker and client registered by
/// <see cref="DevHostDurableTaskExtensions.AddDevHostDurableTask"/> connect to it over loopback.
/// </summary>
internal sealed partial class DevHostDurableSidecar(
    DevHostDurableEndpoint endpoint,
    IOptions<DevHostDurableOptions> options,
    ILoggerFactory loggerFactory,
    ILogger<DevHostDurableSidecar> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? app;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        int maxConcurrentWorkItems = options.Value.MaxConcurrentWorkItems;
        var store = new InMemoryOrchestrationService(loggerFactory);
        var dispatched = new ConcurrencyCappedOrchestrationService(store, maxConcurrentWorkItems);

        // An empty builder: no appsettings, environment variables or URLs of the outer host leak in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
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
        LogStarted(logger, endpoint.Address, maxConcurrentWorkItems);
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
        Message = "Durable Task sidecar listening on {Address} with at most {MaxConcurrentWorkItems} concurrent work items")]
    private static partial void LogStarted(ILogger logger, Uri address, int maxConcurrentWorkItems);
}
