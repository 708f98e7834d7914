using DurableTask.Core;
using DurableTask.Core.History;

namespace Commerce.DevHost.Durable;

/// <summary>
/// Delegates every call to an inner <see cref="IOrchestrationService"/> (the in-memory one or the Azure Storage
/// provider) with two adjustments for the in-process sidecar:
/// <list type="bullet">
/// <item>its own concurrency cap: the sidecar's dispatchers read
/// <see cref="IOrchestrationService.MaxConcurrentTaskOrchestrationWorkItems"/> and
/// <see cref="IOrchestrationService.MaxConcurrentTaskActivityWorkItems"/> to decide when to stop fetching; the in-memory
/// service pins both to <see cref="Environment.ProcessorCount"/>;</item>
/// <item>history events as the provider knows them: the sidecar hands a sub-orchestration's tags on as the gRPC
/// message's map type, which the Azure Storage provider serializes with its type name and then cannot read back from its
/// queue, and records the sub-orchestration's creation as its own subclass of the event, which the provider's history
/// table writes without an event type and then cannot read back.</item>
/// </list>
/// </summary>
internal sealed class DevHostOrchestrationService(IOrchestrationService inner, int maxConcurrentWorkItems)
    : IOrchestrationService
{
    public int MaxConcurrentTaskOrchestrationWorkItems => maxConcurrentWorkItems;

    public int MaxConcurrentTaskActivityWorkItems => maxConcurrentWorkItems;

    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;

    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;

    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;

    int started;

    public async Task StartAsync()
    {
        await inner.StartAsync();
        Volatile.Write(ref started, 1);
    }

    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>
    /// Stops the inner service if it was started. The sidecar stops its dispatchers when its host stops even if no worker
    /// ever connected (so nothing was started), and the Azure Storage provider fails when stopped unstarted.
    /// </summary>
    public Task StopAsync(bool isForced) => Interlocked.Exchange(ref started, 0) == 1 ? inner.StopAsync(isForced) : Task.CompletedTask;

    public Task CreateAsync() => inner.CreateAsync();

    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);

    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();

    public Task DeleteAsync() => inner.DeleteAsync();

    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);

    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(
        TimeSpan receiveTimeout, CancellationToken cancellationToken)
        => inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem)
        => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public Task CompleteTaskOrchestrationWorkItemAsync(
        TaskOrchestrationWorkItem workItem,
        OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages,
        IList<TaskMessage> orchestratorMessages,
        IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage,
        OrchestrationState orchestrationState)
    {
        PlainTags(outboundMessages.Concat(orchestratorMessages).Concat(timerMessages).Select(m => m.Event)
            .Concat(continuedAsNewMessage is null ? [] : [continuedAsNewMessage.Event])
            .Concat(newOrchestrationRuntimeState?.NewEvents ?? []));
        if (newOrchestrationRuntimeState is not null)
        {
            PlainSubOrchestrationEvents(newOrchestrationRuntimeState.NewEvents);
            PlainSubOrchestrationEvents(newOrchestrationRuntimeState.Events);
        }

        return inner.CompleteTaskOrchestrationWorkItemAsync(
            workItem,
            newOrchestrationRuntimeState,
            outboundMessages,
            orchestratorMessages,
            timerMessages,
            continuedAsNewMessage,
            orchestrationState);
    }

    static void PlainSubOrchestrationEvents(IList<HistoryEvent> events)
    {
        for (var i = 0; i < events.Count; i++)
        {
            if (events[i] is SubOrchestrationInstanceCreatedEvent created && created.GetType() != typeof(SubOrchestrationInstanceCreatedEvent))
            {
                events[i] = new SubOrchestrationInstanceCreatedEvent(created.EventId)
                {
                    Timestamp = created.Timestamp,
                    IsPlayed = created.IsPlayed,
                    Name = created.Name,
                    Version = created.Version,
                    InstanceId = created.InstanceId,
                    Input = created.Input,
                    Tags = created.Tags is null ? null : new Dictionary<string, string>(created.Tags, StringComparer.Ordinal),
                    ClientSpanId = created.ClientSpanId,
                };
            }
        }
    }

    static void PlainTags(IEnumerable<HistoryEvent> events)
    {
        foreach (var historyEvent in events)
        {
            switch (historyEvent)
            {
                case ExecutionStartedEvent { Tags: { } tags } started when tags is not Dictionary<string, string>:
                    started.Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal);
                    break;
                case SubOrchestrationInstanceCreatedEvent { Tags: { } tags } created when tags is not Dictionary<string, string>:
                    created.Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal);
                    break;
                case TaskScheduledEvent { Tags: { } tags } scheduled when tags is not Dictionary<string, string>:
                    scheduled.Tags = new Dictionary<string, string>(tags, StringComparer.Ordinal);
                    break;
            }
        }
    }

    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
        => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);

    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
        => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState)
        => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception)
        => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception)
        => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
        => inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
        => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
        => inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
        => inner.AbandonTaskActivityWorkItemAsync(workItem);
}
