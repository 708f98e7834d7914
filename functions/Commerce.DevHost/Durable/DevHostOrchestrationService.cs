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
/// <item>the state each checkpoint wrote, kept in <paramref name="running"/> (when given) for status reads;</item>
/// <item><paramref name="activityReaders"/> requests for the next activity work item open at once (the Azure Storage
/// provider takes one queue message per request, and the sidecar's dispatcher asks for one at a time).</item>
/// </list>
/// </summary>
internal sealed class DevHostOrchestrationService(IOrchestrationService inner, int maxConcurrentWorkItems, RunningInstances? running = null, int activityReaders = 1)
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
        if (activityReaders > 1)
        {
            readingActivities = new CancellationTokenSource();
            activities = Channel.CreateBounded<TaskActivityWorkItem>(activityReaders);
            activityReads = [.. Enumerable.Range(0, activityReaders).Select(_ => Task.Run(() => ReadActivitiesAsync(activities.Writer, readingActivities.Token)))];
        }
    }

    Channel<TaskActivityWorkItem>? activities;
    CancellationTokenSource? readingActivities;
    Task[] activityReads = [];

    /// <summary>One of the <see cref="activityReaders"/> loops: the provider's next activity work item, handed to the dispatcher.</summary>
    async Task ReadActivitiesAsync(ChannelWriter<TaskActivityWorkItem> read, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TaskActivityWorkItem? workItem;
            try
            {
                workItem = await inner.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, inner.GetDelayInSecondsAfterOnFetchException(ex))), CancellationToken.None);
                continue;
            }

            if (workItem is null)
            {
                continue;
            }

            try
            {
                await read.WriteAsync(workItem, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await inner.AbandonTaskActivityWorkItemAsync(workItem); // stopping: its message comes again
                return;
            }
        }
    }

    /// <summary>Stops the activity readers and gives back what they read that nothing took.</summary>
    async Task StopReadingActivitiesAsync()
    {
        if (readingActivities is null || activities is null)
        {
            return;
        }

        await readingActivities.CancelAsync();
        await Task.WhenAll(activityReads);
        while (activities.Reader.TryRead(out var workItem))
        {
            await inner.AbandonTaskActivityWorkItemAsync(workItem);
        }

        readingActivities.Dispose();
    }

    public Task StopAsync() => StopAsync(isForced: false);

    /// <summary>
    /// Stops the inner service if it was started. The sidecar stops its dispatchers when its host stops even if no worker
    /// ever connected (so nothing was started), and the Azure Storage provider fails when stopped unstarted.
    /// </summary>
    public async Task StopAsync(bool isForced)
    {
        if (Interlocked.Exchange(ref started, 0) == 1)
        {
            // Sessions resumed but no longer fetched (the dispatchers stopped first) are released, or the provider would
            // wait for them while it drains its partitions.
            await ReleaseResumedAsync();
            await StopReadingActivitiesAsync();
            await inner.StopAsync(isForced);
        }
    }

    async Task ReleaseResumedAsync()
    {
        while (resumed.Reader.TryRead(out var workItem))
        {
            await ReleaseQuietlyAsync(workItem);
        }
    }

    async Task ReleaseQuietlyAsync(TaskOrchestrationWorkItem workItem)
    {
        try
        {
            await inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Best effort, as the sidecar's own release: a stopped provider has released its sessions already.
        }
    }

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
            return WithoutStaleMessages(ready);
        }

        await locking.WaitAsync(cancellationToken);
        try
        {
            innerLock ??= inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
            while (true)
            {
                if (resumed.Reader.TryRead(out ready))
                {
                    return WithoutStaleMessages(ready);
                }

                var waiting = resumed.Reader.WaitToReadAsync(cancellationToken).AsTask();
                if (await Task.WhenAny(innerLock, waiting) == innerLock)
                {
                    var locked = innerLock;
                    innerLock = null;
                    return WithoutStaleMessages(await locked);
                }
            }
        }
        finally
        {
            locking.Release();
        }
    }

    /// <summary>
    /// Drops what the Durable Task Framework's dispatcher (the Functions host's) drops before it runs an orchestration and
    /// the sidecar's dispatcher does not: a start message of an instance whose history has started (a start delivered
    /// again), and messages of another execution of the instance. The sidecar adds every new message to the history, and a
    /// second start fails the work item at every delivery. The provider still deletes the dropped messages from its queue
    /// with the checkpoint, as it deletes every message it handed out with the work item.
    /// </summary>
    static TaskOrchestrationWorkItem WithoutStaleMessages(TaskOrchestrationWorkItem workItem)
    {
        if (workItem?.OrchestrationRuntimeState is not { ExecutionStartedEvent: not null } history || workItem.NewMessages is null)
        {
            return workItem!;
        }

        var executionId = history.OrchestrationInstance?.ExecutionId;
        workItem.NewMessages =
        [
            .. workItem.NewMessages.Where(message => message.Event is not ExecutionStartedEvent
                && (string.IsNullOrEmpty(message.OrchestrationInstance?.ExecutionId) || string.Equals(message.OrchestrationInstance.ExecutionId, executionId, StringComparison.Ordinal))),
        ];
        return workItem;
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
                if (Volatile.Read(ref started) == 0)
                {
                    await ReleaseResumedAsync(); // stopped meanwhile: nothing fetches it any more
                }

                return;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The session ended (the provider stopping, or a partition lost): release it below; its messages come again.
        }

        await ReleaseQuietlyAsync(workItem);
    }

    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState)
        => inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);

    public int GetDelayInSecondsAfterOnProcessException(Exception exception)
        => inner.GetDelayInSecondsAfterOnProcessException(exception);

    public int GetDelayInSecondsAfterOnFetchException(Exception exception)
        => inner.GetDelayInSecondsAfterOnFetchException(exception);

    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
    {
        if (activities is null)
        {
            return await inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
        }

        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (receiveTimeout != Timeout.InfiniteTimeSpan)
        {
            wait.CancelAfter(receiveTimeout);
        }

        try
        {
            return await activities.Reader.ReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null!; // nothing within the timeout, as the provider answers
        }
    }

    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
        => inner.RenewTaskActivityWorkItemLockAsync(workItem);

    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
        => inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);

    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
        => inner.AbandonTaskActivityWorkItemAsync(workItem);
}
