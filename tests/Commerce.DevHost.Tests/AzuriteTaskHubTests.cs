using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Commerce.DevHost.Functions;
using Commerce.DevHost.Tests.SampleApp;
using Commerce.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Commerce.DevHost.Tests;

/// <summary>
/// The Azurite backend's task hub, a fresh one per test. Its partition count is host.json's, as in the Functions host.
/// The dev host reads the hub's tables only when it must: Azurite answers every table query by scanning the whole table,
/// so a read per orchestration step or per status poll grows with everything the hub holds. The Azure Storage provider
/// logs each such read (<c>FetchedInstanceHistory</c>, <c>FetchedInstanceStatus</c>), which is what these tests count.
/// </summary>
public sealed class AzuriteTaskHubTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>, IAsyncLifetime
{
    readonly TaskHubReads reads = new();
    readonly string hub = "hub" + Guid.NewGuid().ToString("N")[..20];
    WebApplication app = null!;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration["DevHost:Backend"] = "Azurite";
        builder.Configuration["DevHost:Azurite:ConnectionString"] = azurite.ConnectionString;
        builder.Configuration["DevHost:Azurite:TaskHubConnectionString"] = azurite.ConnectionString;
        builder.Configuration["DevHost:Azurite:TaskHub"] = hub;
        builder.Configuration["DevHost:Azurite:Start"] = "false";
        builder.Logging.AddProvider(reads);
        builder.Logging.AddFilter<TaskHubReads>("DurableTask.AzureStorage", LogLevel.Information);
        builder.Services.AddSingleton<SampleLedger>();
        builder.Services.AddFunctionHosting(new FunctionCatalog(new Dictionary<string, System.Reflection.Assembly> { ["sample"] = typeof(SampleFunctions).Assembly }));
        app = builder.Build();
        await app.StartAsync(Cancel);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    [Fact]
    public async Task The_task_hub_has_one_control_queue_per_partition_of_the_repository_host_json()
    {
        var hostJson = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(TestPaths.RepositoryRoot, "host.json"), Cancel))!;
        var partitions = hostJson["extensions"]!["durableTask"]!["storageProvider"]!["partitionCount"]!.GetValue<int>();

        var queues = new QueueServiceClient(azurite.ConnectionString);
        var controlQueues = queues.GetQueues(prefix: hub.ToLowerInvariant() + "-control-", cancellationToken: Cancel).Count();

        Assert.NotEqual(4, partitions); // the provider's default: the test would not tell them apart
        Assert.Equal(partitions, controlQueues);
    }

    [Fact]
    public async Task An_orchestrations_history_is_read_from_the_task_hub_once_not_again_at_each_of_its_steps()
    {
        var durable = app.Services.GetRequiredService<DurableTaskClient>();

        // Four episodes: the start, then one per activity's answer.
        var id = await durable.ScheduleNewOrchestrationInstanceAsync("SampleOrchestration", new[] { "one", "two", "three" }, Cancel);
        var state = await WaitForCompletionAsync(durable, id);

        Assert.Equal("ONE!! TWO!! THREE!!", state.ReadOutputAs<string>());
        Assert.Equal(1, reads.Count("FetchedInstanceHistory", id));
    }

    [Fact]
    public async Task Status_reads_of_an_orchestration_this_host_runs_answer_without_querying_the_instance_table()
    {
        var durable = app.Services.GetRequiredService<DurableTaskClient>();
        var id = await durable.ScheduleNewOrchestrationInstanceAsync("SampleWaitingOrchestration", "shipment", Cancel);
        await Eventually.UntilAsync(async () => (await durable.GetInstanceAsync(id, getInputsAndOutputs: true, Cancel))?.SerializedCustomStatus == "\"waiting\"", TimeSpan.FromSeconds(60), cancellationToken: Cancel);
        var before = reads.Count("FetchedInstanceStatus", id);

        var polls = new List<OrchestrationMetadata?>();
        for (var i = 0; i < 5; i++)
        {
            polls.Add(await durable.GetInstanceAsync(id, getInputsAndOutputs: true, Cancel));
        }

        Assert.All(polls, poll => Assert.Equal((OrchestrationRuntimeStatus.Running, "\"waiting\"", "\"shipment\""), (poll!.RuntimeStatus, poll.SerializedCustomStatus, poll.SerializedInput)));
        Assert.Equal(before, reads.Count("FetchedInstanceStatus", id));

        // The answer keeps up with the instance: after the event, the completed instance as the task hub holds it.
        await durable.RaiseEventAsync(id, "Go", "now", Cancel);
        var done = await WaitForCompletionAsync(durable, id);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, "\"done\"", "\"shipment:now\""), (done.RuntimeStatus, done.SerializedCustomStatus, done.SerializedOutput));
        var read = await durable.GetInstanceAsync(id, getInputsAndOutputs: true, Cancel);
        Assert.Equal((OrchestrationRuntimeStatus.Completed, "\"done\"", "\"shipment:now\""), (read!.RuntimeStatus, read.SerializedCustomStatus, read.SerializedOutput));
    }

    static async Task<OrchestrationMetadata> WaitForCompletionAsync(DurableTaskClient durable, string id)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var state = await durable.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, timeout.Token);
        Assert.True(state.RuntimeStatus == OrchestrationRuntimeStatus.Completed, state.FailureDetails?.ToString());
        return state;
    }

    /// <summary>Counts the Azure Storage provider's log events by name and instance id.</summary>
    sealed class TaskHubReads : ILoggerProvider
    {
        readonly ConcurrentDictionary<(string Event, string InstanceId), int> counts = new();

        public int Count(string eventName, string instanceId) => counts.GetValueOrDefault((eventName, instanceId));

        public ILogger CreateLogger(string categoryName) => new Counter(this);

        public void Dispose()
        {
        }

        sealed class Counter(TaskHubReads reads) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                if (eventId.Name is { } name && state is IEnumerable<KeyValuePair<string, object?>> fields
                    && fields.FirstOrDefault(f => f.Key == "InstanceId").Value is string instanceId)
                {
                    reads.counts.AddOrUpdate((name, instanceId), 1, (_, n) => n + 1);
                }
            }
        }
    }
}
