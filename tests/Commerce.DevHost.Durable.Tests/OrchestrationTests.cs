using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Commerce.DevHost.Durable.Tests;

public sealed class OrchestrationTests
{
    private const string Greet = "Greet";
    private const string SayHello = "SayHello";

    private static void RegisterGreeting(DurableTaskRegistry tasks) => tasks
        .AddOrchestratorFunc<string[], string>(Greet, async (context, cities) =>
        {
            var greetings = new List<string>();
            foreach (var city in cities)
            {
                greetings.Add(await context.CallActivityAsync<string>(SayHello, city));
            }

            return string.Join(", ", greetings);
        })
        .AddActivityFunc<string, string>(SayHello, (_, city) => $"Hello {city}");

    [Fact]
    public async Task Orchestration_chains_activities_and_returns_their_output_in_order()
    {
        await using var host = await DurableTestHost.StartAsync(RegisterGreeting);

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            Greet, new[] { "Tokyo", "Seattle", "London" }, TestContext.Current.CancellationToken);
        var result = await host.WaitForCompletionAsync(instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("Hello Tokyo, Hello Seattle, Hello London", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Sub_orchestration_result_flows_back_to_the_parent()
    {
        await using var host = await DurableTestHost.StartAsync(tasks => tasks
            .AddOrchestratorFunc<int[], int>("Parent", async (context, lines) =>
                2 * await context.CallSubOrchestratorAsync<int>("SumLines", lines))
            .AddOrchestratorFunc<int[], int>("SumLines", async (context, lines) =>
            {
                var total = 0;
                foreach (var line in lines)
                {
                    total += await context.CallActivityAsync<int>("Price", line);
                }

                return total;
            })
            .AddActivityFunc<int, int>("Price", (_, quantity) => quantity * 150));

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            "Parent", new[] { 1, 2, 3 }, TestContext.Current.CancellationToken);
        var result = await host.WaitForCompletionAsync(instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal(2 * (1 + 2 + 3) * 150, result.ReadOutputAs<int>());
    }

    private static void RegisterApproval(DurableTaskRegistry tasks) => tasks
        .AddOrchestratorFunc<int, string>("AwaitApproval", async (context, timeoutSeconds) =>
        {
            using var timerCancellation = new CancellationTokenSource();
            var approval = context.WaitForExternalEvent<string>("Approval");
            var timeout = context.CreateTimer(TimeSpan.FromSeconds(timeoutSeconds), timerCancellation.Token);
            if (await Task.WhenAny(approval, timeout) == approval)
            {
                timerCancellation.Cancel();
                return $"approved by {approval.Result}";
            }

            return "timed out";
        });

    [Fact]
    public async Task External_event_is_delivered_to_a_waiting_orchestration()
    {
        await using var host = await DurableTestHost.StartAsync(RegisterApproval);
        var cancellation = TestContext.Current.CancellationToken;

        // A timeout far longer than the test's deadline: only the event can complete this instance in time.
        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync("AwaitApproval", 3600, cancellation);
        await host.Client.WaitForInstanceStartAsync(instanceId, cancellation);
        await host.Client.RaiseEventAsync(instanceId, "Approval", "ops-lead", cancellation);
        var result = await host.WaitForCompletionAsync(instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("approved by ops-lead", result.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Durable_timer_fires_when_no_event_arrives()
    {
        await using var host = await DurableTestHost.StartAsync(RegisterApproval);

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            "AwaitApproval", 1, TestContext.Current.CancellationToken);
        var result = await host.WaitForCompletionAsync(instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Equal("timed out", result.ReadOutputAs<string>());
    }

    private sealed record SagaOutcome(string Status, bool DeclineWasInvalidOperation, string? Reason);

    [Fact]
    public async Task Failing_activity_surfaces_as_TaskFailedException_and_compensation_runs()
    {
        var ledger = new ConcurrentQueue<string>();
        await using var host = await DurableTestHost.StartAsync(tasks => tasks
            .AddOrchestratorFunc<string, SagaOutcome>("Checkout", async (context, orderId) =>
            {
                await context.CallActivityAsync("Reserve", orderId);
                try
                {
                    await context.CallActivityAsync("Charge", orderId);
                    return new SagaOutcome("Paid", false, null);
                }
                catch (TaskFailedException failure)
                {
                    await context.CallActivityAsync("Release", orderId);
                    return new SagaOutcome(
                        "Compensated",
                        failure.FailureDetails.IsCausedBy<InvalidOperationException>(),
                        failure.FailureDetails.ErrorMessage);
                }
            })
            .AddActivityFunc<string>("Reserve", (_, orderId) => ledger.Enqueue($"reserved {orderId}"))
            .AddActivityFunc<string>("Charge", (_, _) => throw new InvalidOperationException("card declined"))
            .AddActivityFunc<string>("Release", (_, orderId) => ledger.Enqueue($"released {orderId}")));

        var instanceId = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            "Checkout", "order-42", TestContext.Current.CancellationToken);
        var result = await host.WaitForCompletionAsync(instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        var outcome = result.ReadOutputAs<SagaOutcome>();
        Assert.NotNull(outcome);
        Assert.Equal("Compensated", outcome.Status);
        Assert.True(outcome.DeclineWasInvalidOperation);
        Assert.Equal("card declined", outcome.Reason);
        Assert.Equal(["reserved order-42", "released order-42"], ledger);
    }

    [Fact]
    public async Task Fifty_concurrent_orchestrations_all_complete_with_their_own_output()
    {
        await using var host = await DurableTestHost.StartAsync(RegisterGreeting);
        var cancellation = TestContext.Current.CancellationToken;

        var instanceIds = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            host.Client.ScheduleNewOrchestrationInstanceAsync(Greet, new[] { $"A{i}", $"B{i}" }, cancellation)));
        var results = await Task.WhenAll(instanceIds.Select(host.WaitForCompletionAsync));

        Assert.Equal(50, instanceIds.Distinct().Count());
        Assert.All(results, r => Assert.Equal(OrchestrationRuntimeStatus.Completed, r.RuntimeStatus));
        Assert.Equal(
            Enumerable.Range(0, 50).Select(i => $"Hello A{i}, Hello B{i}"),
            results.Select(r => r.ReadOutputAs<string>()));
    }
}
