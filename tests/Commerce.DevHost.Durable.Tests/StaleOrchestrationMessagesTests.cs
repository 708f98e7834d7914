using System.Reflection;
using DurableTask.Core;
using DurableTask.Core.History;

namespace Commerce.DevHost.Durable.Tests;

/// <summary>
/// A control queue can hold a second start message of an instance already running (a start the provider deferred and
/// delivers again, or a start retried by the client) and messages of an earlier execution of it. The Durable Task
/// Framework's dispatcher, which the Functions host runs, drops both before the orchestration runs; the sidecar's
/// dispatcher adds every new message to the history, and a second start makes it fail the work item ("Multiple
/// ExecutionStartedEvent found") at every delivery, so the instance never moves again. The dev host drops them as the
/// Framework does, before the sidecar sees the work item.
/// </summary>
public sealed class StaleOrchestrationMessagesTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_running_instance_gets_its_new_messages_without_a_repeated_start_or_messages_of_another_execution()
    {
        var current = new OrchestrationInstance { InstanceId = "ord-1", ExecutionId = "exec-current" };
        var history = new OrchestrationRuntimeState(
        [
            new OrchestratorStartedEvent(-1),
            new ExecutionStartedEvent(-1, "\"cart\"") { OrchestrationInstance = current, Name = "CheckoutSaga" },
            new TaskScheduledEvent(0, "ReserveCart"),
            new OrchestratorCompletedEvent(-1),
        ]);
        var answer = new TaskMessage { Event = new TaskCompletedEvent(-1, 0, "\"reserved\""), OrchestrationInstance = current };
        var provider = DispatchProxy.Create<IOrchestrationService, OneWorkItemProvider>();
        ((OneWorkItemProvider)(object)provider).WorkItem = new TaskOrchestrationWorkItem
        {
            InstanceId = current.InstanceId,
            OrchestrationRuntimeState = history,
            NewMessages =
            [
                new TaskMessage { Event = new ExecutionStartedEvent(-1, "\"cart\"") { OrchestrationInstance = current, Name = "CheckoutSaga" }, OrchestrationInstance = current },
                answer,
                new TaskMessage { Event = new TaskCompletedEvent(-1, 0, "\"old\""), OrchestrationInstance = new OrchestrationInstance { InstanceId = "ord-1", ExecutionId = "exec-earlier" } },
            ],
        };
        var service = new DevHostOrchestrationService(provider, maxConcurrentWorkItems: 100);

        var workItem = await service.LockNextTaskOrchestrationWorkItemAsync(Timeout.InfiniteTimeSpan, Cancel);

        Assert.Equal([answer], workItem.NewMessages);
    }

    [Fact]
    public async Task A_new_instance_gets_its_start_message()
    {
        var instance = new OrchestrationInstance { InstanceId = "ord-2", ExecutionId = "exec-first" };
        var start = new TaskMessage { Event = new ExecutionStartedEvent(-1, "\"cart\"") { OrchestrationInstance = instance, Name = "CheckoutSaga" }, OrchestrationInstance = instance };
        var provider = DispatchProxy.Create<IOrchestrationService, OneWorkItemProvider>();
        ((OneWorkItemProvider)(object)provider).WorkItem = new TaskOrchestrationWorkItem
        {
            InstanceId = instance.InstanceId,
            OrchestrationRuntimeState = new OrchestrationRuntimeState(),
            NewMessages = [start],
        };
        var service = new DevHostOrchestrationService(provider, maxConcurrentWorkItems: 100);

        var workItem = await service.LockNextTaskOrchestrationWorkItemAsync(Timeout.InfiniteTimeSpan, Cancel);

        Assert.Equal([start], workItem.NewMessages);
    }

    /// <summary>A provider whose orchestration queue holds one work item.</summary>
    public class OneWorkItemProvider : DispatchProxy
    {
        public TaskOrchestrationWorkItem? WorkItem { get; set; }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
        {
            nameof(IOrchestrationService.LockNextTaskOrchestrationWorkItemAsync) => Task.FromResult(WorkItem!),
            _ => throw new NotSupportedException(targetMethod?.Name),
        };
    }
}
