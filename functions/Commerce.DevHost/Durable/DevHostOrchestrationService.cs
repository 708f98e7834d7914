using System.Collections.Concurrent;
using System.Threading.Channels;
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
/// table writes without an event type and then cannot read back;</item>
/// <item>extended sessions (the Azure Storage provider's): the sidecar's dispatcher releases every work item after one
/// episode, so this service keeps a running instance's session and history in memory across its episodes (see
/// <see cref="ReleaseTaskOrchestrationWorkItemAsync"/>);</item>
/// <item>the state each checkpoint wrote, kept in <paramref name="running"/> (when given) for status reads.</item>
/// </list>
/// </summary>
internal sealed class DevHostOrchestrationService(IOrchestrationService inner, int maxConcurrentWorkItems, RunningInstances? running = null)
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

    /// <summary>
    /// Work items whose extended session received new messages after the sidecar released them: handed out again by
    /// <see cref="LockNextTaskOrchestrationWorkItemAsync"/> with their history still in memory.
    /// </summary>
    readonly Channel<TaskOrchestrationWorkItem> resumed = Channel.CreateUnbounded<TaskOrchestrationWorkItem>();
    readonly SemaphoreSlim locking = new(1, 1);
    readonly ConcurrentDictionary<TaskOrchestrationWorkItem, bool> abandoned = new(ReferenceEqualityComparer.Instance);
    Task<TaskOrchestrationWorkItem>? innerLock;

    /// <summary>
    /// The next work item: a resumed session's, or the inner service's next one (one request to it at a time; one the
    /// caller stopped waiting for is kept for the next call, never dropped).
    /// </summary>
    public async Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(
        TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        if (resumed.Reader.TryRead(out var ready))
        {
            return ready;
        }

        await locking.WaitAsync(cancellationToken);
        try
        {
            innerLock ??= inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
            while (true)
            {
                if (resumed.Reader.TryRead(out ready))
                {
                    return ready;
                }

                var waiting = resumed.Reader.WaitToReadAsync(cancellationToken).AsTask();
                if (await Task.WhenAny(innerLock, waiting) == innerLock)
                {
                    var locked = innerLock;
                    innerLock = null;
                    return await locked;
                }
            }
        }
        finally
        {
            locking.Release();
        }
    }

    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem)
        => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);

    public async Task CompleteTaskOrchestrationWorkItemAsync(
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

        // Recorded as the checkpoint starts: a status read from now on sees the state being written (the replay after a
        // failed checkpoint writes the same again), and none sees a state older than the task hub's.
        running?.Checkpointed(workItem.InstanceId, orchestrationState);
        try
        {
            await inner.CompleteTaskOrchestrationWorkItemAsync(
                workItem,
                newOrchestrationRuntimeState,
                outboundMessages,
                orchestratorMessages,
                timerMessages,
                continuedAsNewMessage,
                orchestrationState);
        }
        catch
        {
            running?.Forget(workItem.InstanceId);
            throw;
        }
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
    {
        abandoned[workItem] = true;
        return inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
    }

    /// <summary>
    /// Releases the work item, unless it carries an extended session (the Azure Storage provider's, see
    /// <see cref="DevHostDurableOptions.ExtendedSessionIdleTimeout"/>) of an orchestration still running: that one waits
    /// in the background for the instance's next messages and is handed out again with its history in memory, as the
    /// Durable Task Framework's own dispatcher does; the provider then reads the history from its table only when an
    /// instance's session starts, not at each of its steps. Released when no message comes within the idle timeout.
    /// </summary>
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem)
    {
        if (abandoned.TryRemove(workItem, out _) || workItem.Session is null || workItem.OrchestrationRuntimeState?.OrchestrationStatus is not (OrchestrationStatus.Running or OrchestrationStatus.Pending))
        {
            return inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
        }

        _ = ContinueSessionAsync(workItem, workItem.Session);
        return Task.CompletedTask;
    }

    async Task ContinueSessionAsync(TaskOrchestrationWorkItem workItem, IOrchestrationSession session)
    {
        try
        {
            if (await session.FetchNewOrchestrationMessagesAsync(workItem) is { } messages)
            {
                // What was new in the last episode is history now (the sidecar replays past events, then new ones).
                workItem.NewMessages = messages;
                workItem.OrchestrationRuntimeState = new OrchestrationRuntimeState(workItem.OrchestrationRuntimeState.Events);
                resumed.Writer.TryWrite(workItem);
                return;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The session ended (the provider stopping, or a partition lost): release it below; its messages come again.
        }

        try
        {
            await inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Best effort, as the sidecar's own release: a stopped provider has released its sessions already.
        }
    }

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
