using Microsoft.DurableTask.Client.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Grpc;

namespace Commerce.DevHost.Durable;

/// <summary>
/// Registers the dev host's in-process Durable Task engine.
/// </summary>
public static class DevHostDurableTaskExtensions
{
    /// <summary>
    /// Wires what <c>AddInMemoryDurableTask</c> wires (an in-memory orchestration service behind an
    /// in-process gRPC sidecar, a <see cref="DurableTaskWorker"/> running the registered tasks and a
    /// <see cref="DurableTaskClient"/> resolvable from DI) but with a concurrency cap taken from
    /// <see cref="DevHostDurableOptions.MaxConcurrentWorkItems"/> rather than the processor count.
    /// </summary>
    /// <param name="services">The services of the host the engine starts and stops with.</param>
    /// <param name="registerTasks">Registers orchestrators and activities.</param>
    /// <param name="configure">Adjusts the options after the <c>DevHost:Durable</c> section is bound.</param>
    public static IServiceCollection AddDevHostDurableTask(
        this IServiceCollection services,
        Action<DurableTaskRegistry> registerTasks,
        Action<DevHostDurableOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registerTasks);

        var options = services.AddOptions<DevHostDurableOptions>()
            .Configure<IServiceProvider>((o, sp) => sp.GetService<IConfiguration>()?.GetSection(DevHostDurableOptions.SectionName).Bind(o));
        if (configure is not null)
        {
            options.Configure(configure);
        }

        options
            .Validate(o => o.MaxConcurrentWorkItems > 0, "DevHost:Durable:MaxConcurrentWorkItems must be positive.")
            .Validate(o => o.Port is null or (> 0 and <= 65535), "DevHost:Durable:Port must be a TCP port number.")
            .Validate(o => o.ActivityQueueReaders > 0, "DevHost:Durable:ActivityQueueReaders must be positive.")
            .ValidateOnStart();

        services.AddSingleton<DevHostDurableEndpoint>();

        // Registered before the worker so the sidecar is listening when the worker connects, and
        // stopped after it (hosted services stop in reverse order).
        services.AddHostedService<DevHostDurableSidecar>();

        services.AddDurableTaskWorker(worker =>
        {
            worker.AddTasks(registerTasks);
            worker.UseGrpc();
            worker.Services.AddOptions<GrpcDurableTaskWorkerOptions>(worker.Name)
                .Configure<DevHostDurableEndpoint>((o, endpoint) => o.Address = endpoint.Address.ToString());

            // The worker reads its concurrency from the generic options (not the gRPC ones) and
            // sends it to the sidecar; its default is 100 x the processor count.
            worker.Services.AddOptions<DurableTaskWorkerOptions>(worker.Name)
                .Configure<IOptions<DevHostDurableOptions>>((o, devHost) =>
                {
                    int cap = devHost.Value.MaxConcurrentWorkItems;
                    o.Concurrency.MaximumConcurrentOrchestrationWorkItems = cap;
                    o.Concurrency.MaximumConcurrentActivityWorkItems = cap;
                    o.Concurrency.MaximumConcurrentEntityWorkItems = cap;

                    // Inputs and outputs as a deployed app converts them (see FunctionsWorkerDataConverter).
                    o.DataConverter = FunctionsWorkerDataConverter.Default;
                });
        });

        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc();
            client.RegisterDirectly();
            client.Services.AddOptions<GrpcDurableTaskClientOptions>(client.Name)
                .Configure<DevHostDurableEndpoint>((o, endpoint) => o.Address = endpoint.Address.ToString());
            client.Services.AddOptions<DurableTaskClientOptions>(client.Name)
                .Configure(o => o.DataConverter = FunctionsWorkerDataConverter.Default);
        });

        return services;
    }
}
