using Commerce.DevHost.Durable;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Commerce.DevHost.Durable.Tests;

/// <summary>A started Generic Host running <see cref="DevHostDurableTaskExtensions.AddDevHostDurableTask"/>.</summary>
internal sealed class DurableTestHost : IAsyncDisposable
{
    /// <summary>How long any single test may wait for orchestrations; a deadline, not an expectation.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private DurableTestHost(IHost host) => Host = host;

    public IHost Host { get; }

    public DurableTaskClient Client => Host.Services.GetRequiredService<DurableTaskClient>();

    public static IHost Build(
        Action<DurableTaskRegistry> registerTasks,
        Action<DevHostDurableOptions>? configure = null,
        IDictionary<string, string?>? settings = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddDevHostDurableTask(registerTasks, configure);
        return builder.Build();
    }

    public static async Task<DurableTestHost> StartAsync(
        Action<DurableTaskRegistry> registerTasks,
        Action<DevHostDurableOptions>? configure = null)
    {
        var host = Build(registerTasks, configure);
        await host.StartAsync(TestContext.Current.CancellationToken);
        return new DurableTestHost(host);
    }

    /// <summary>Waits for an instance to finish, failing the test if it does not within <see cref="Deadline"/>.</summary>
    public async Task<OrchestrationMetadata> WaitForCompletionAsync(string instanceId)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(Deadline);
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, deadline.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        Host.Dispose();
    }
}
