using System.Collections.Concurrent;
using System.Reflection;
using DurableTask.Core;

namespace Commerce.DevHost.Durable.Tests;

/// <summary>
/// The Azure Storage provider answers each request for the next activity work item with one queue message, and the
/// sidecar's dispatcher asks for one at a time; the dev host keeps several requests open so that activities start at
/// more than one per round trip to the queue.
/// </summary>
public sealed class ActivityQueueReadersTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Activity_work_items_are_asked_of_the_provider_by_as_many_readers_at_once_as_configured()
    {
        var provider = DispatchProxy.Create<IOrchestrationService, QueueProvider>();
        var queue = (QueueProvider)(object)provider;
        var service = new DevHostOrchestrationService(provider, maxConcurrentWorkItems: 100, activityReaders: 8);
        await service.StartAsync();
        try
        {
            // As the sidecar's dispatcher: one request at a time.
            var next = service.LockNextTaskActivityWorkItem(Timeout.InfiniteTimeSpan, Cancel);
            var deadline = DateTime.UtcNow + DurableTestHost.Deadline;
            while (queue.Waiting < 8 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(10, Cancel);
            }

            Assert.Equal(8, queue.Waiting);
            queue.Deliver(new TaskActivityWorkItem { Id = "first" });
            Assert.Equal("first", (await next).Id);
        }
        finally
        {
            await service.StopAsync();
        }

        Assert.Equal(0, queue.Waiting);
    }

    /// <summary>A provider whose activity queue answers only when the test delivers a work item; it counts the requests waiting.</summary>
    public class QueueProvider : DispatchProxy
    {
        readonly ConcurrentQueue<TaskCompletionSource<TaskActivityWorkItem>> requests = new();
        int waiting;

        public int Waiting => Volatile.Read(ref waiting);

        public void Deliver(TaskActivityWorkItem workItem)
        {
            while (requests.TryDequeue(out var request))
            {
                if (request.TrySetResult(workItem))
                {
                    return;
                }
            }

            throw new InvalidOperationException("No request is waiting.");
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            nameof(IOrchestrationService.LockNextTaskActivityWorkItem) => WaitAsync((CancellationToken)args![1]!),
            nameof(IOrchestrationService.StartAsync) or nameof(IOrchestrationService.StopAsync) or nameof(IOrchestrationService.AbandonTaskActivityWorkItemAsync) => Task.CompletedTask,
            _ => throw new NotSupportedException(targetMethod?.Name),
        };

        async Task<TaskActivityWorkItem> WaitAsync(CancellationToken cancellationToken)
        {
            var request = new TaskCompletionSource<TaskActivityWorkItem>(TaskCreationOptions.RunContinuationsAsynchronously);
            requests.Enqueue(request);
            Interlocked.Increment(ref waiting);
            try
            {
                using var cancelled = cancellationToken.Register(() => request.TrySetCanceled(cancellationToken));
                return await request.Task;
            }
            finally
            {
                Interlocked.Decrement(ref waiting);
            }
        }
    }
}
