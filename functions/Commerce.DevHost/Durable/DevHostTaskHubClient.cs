using System.Collections.Concurrent;
using DurableTask.Core;
using OrchestrationQuery = DurableTask.Core.Query.OrchestrationQuery;
using OrchestrationQueryResult = DurableTask.Core.Query.OrchestrationQueryResult;
using IOrchestrationServiceQueryClient = DurableTask.Core.Query.IOrchestrationServiceQueryClient;
using PurgeResult = DurableTask.Core.PurgeResult;

namespace Commerce.DevHost.Durable;

/// <summary>
/// The state of each orchestration this dev host is running, as it last wrote it to the task hub: written by
/// <see cref="DevHostOrchestrationService"/> after each checkpoint, read by <see cref="DevHostTaskHubClient"/>. An
/// instance leaves it when it ends (its final state is read from the task hub) or is purged.
/// </summary>
internal sealed class RunningInstances
{
    readonly ConcurrentDictionary<string, OrchestrationState> states = new(StringComparer.Ordinal);

    /// <summary>Records the state the instance's latest checkpoint wrote; an ended instance (or none given) is forgotten.</summary>
    public void Checkpointed(string instanceId, OrchestrationState? state)
    {
        if (state is { OrchestrationStatus: OrchestrationStatus.Running or OrchestrationStatus.Pending or OrchestrationStatus.Suspended } running)
        {
            states[instanceId] = running;
        }
        else
        {
            states.TryRemove(instanceId, out _);
        }
    }

    public OrchestrationState? Find(string instanceId) => states.GetValueOrDefault(instanceId);

    public void Forget(string instanceId) => states.TryRemove(instanceId, out _);

    public void ForgetAll() => states.Clear();
}

/// <summary>
/// The sidecar's client of the Azure Storage task hub (the <see cref="DevHostBackend.Azurite"/> backend): every call goes
/// to the provider, except the status read of an instance this host is running, answered from the state its own latest
/// checkpoint wrote (<see cref="RunningInstances"/>). Azurite answers a table query by scanning the whole table, so
/// status polls of running checkouts would otherwise cost a scan of the instances table each. One dev host per task hub
/// (as the sidecar assumes: no app lease), so no other process moves these instances on.
/// </summary>
internal sealed class DevHostTaskHubClient<TStore>(TStore store, RunningInstances running)
    : IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient
    where TStore : IOrchestrationServiceClient, IOrchestrationServiceQueryClient, IOrchestrationServicePurgeClient
{
    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId)
        => executionId is null && running.Find(instanceId) is { } state ? Task.FromResult(state) : store.GetOrchestrationStateAsync(instanceId, executionId);

    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
        => store.GetOrchestrationStateAsync(instanceId, allExecutions);

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => store.CreateTaskOrchestrationAsync(creationMessage);

    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses)
        => store.CreateTaskOrchestrationAsync(creationMessage, dedupeStatuses);

    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => store.SendTaskOrchestrationMessageAsync(message);

    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => store.SendTaskOrchestrationMessageBatchAsync(messages);

    public Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
        => store.WaitForOrchestrationAsync(instanceId, executionId, timeout, cancellationToken);

    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => store.ForceTerminateTaskOrchestrationAsync(instanceId, reason);

    public Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId) => store.GetOrchestrationHistoryAsync(instanceId, executionId);

    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
    {
        running.ForgetAll();
        return store.PurgeOrchestrationHistoryAsync(thresholdDateTimeUtc, timeRangeFilterType);
    }

    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
        => store.GetOrchestrationWithQueryAsync(query, cancellationToken);

    public Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
    {
        running.Forget(instanceId);
        return store.PurgeInstanceStateAsync(instanceId);
    }

    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        running.ForgetAll();
        return store.PurgeInstanceStateAsync(purgeInstanceFilter);
    }
}
