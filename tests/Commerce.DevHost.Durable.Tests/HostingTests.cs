using System.Net;
using System.Net.Sockets;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Commerce.DevHost.Durable.Tests;

public sealed class HostingTests
{
    private const string Hold = "Hold";
    private const string HoldOnce = "HoldOnce";

    private static Action<DurableTaskRegistry> RegisterHold(Func<Task<bool>> hold) => tasks => tasks
        .AddOrchestratorFunc<bool>(HoldOnce, context => context.CallActivityAsync<bool>(Hold))
        .AddActivityFunc<bool>(Hold, _ => hold());

    [Fact]
    public async Task Activities_run_at_once_well_beyond_the_processor_count()
    {
        // Every activity waits until all of them are running. Capped at the processor count (the stock
        // in-memory engine), the barrier is never reached and the activities give up at the deadline.
        var count = Math.Max(16, Environment.ProcessorCount * 4);
        var started = 0;
        var allStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var host = await DurableTestHost.StartAsync(RegisterHold(async () =>
        {
            if (Interlocked.Increment(ref started) == count)
            {
                allStarted.SetResult();
            }

            await allStarted.Task.WaitAsync(DurableTestHost.Deadline);
            return true;
        }));
        var cancellation = TestContext.Current.CancellationToken;

        var instanceIds = await Task.WhenAll(Enumerable.Range(0, count)
            .Select(_ => host.Client.ScheduleNewOrchestrationInstanceAsync(HoldOnce, cancellation)));
        var results = await Task.WhenAll(instanceIds.Select(host.WaitForCompletionAsync));

        Assert.All(results, r => Assert.Equal(OrchestrationRuntimeStatus.Completed, r.RuntimeStatus));
        Assert.Equal(count, Volatile.Read(ref started));
    }

    [Fact]
    public async Task MaxConcurrentWorkItems_caps_how_many_activities_run_at_once()
    {
        var running = 0;
        var mostAtOnce = 0;
        await using var host = await DurableTestHost.StartAsync(
            RegisterHold(async () =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref mostAtOnce, now);
                await Task.Delay(100);
                Interlocked.Decrement(ref running);
                return true;
            }),
            options => options.MaxConcurrentWorkItems = 1);
        var cancellation = TestContext.Current.CancellationToken;

        var instanceIds = await Task.WhenAll(Enumerable.Range(0, 4)
            .Select(_ => host.Client.ScheduleNewOrchestrationInstanceAsync(HoldOnce, cancellation)));
        var results = await Task.WhenAll(instanceIds.Select(host.WaitForCompletionAsync));

        Assert.All(results, r => Assert.Equal(OrchestrationRuntimeStatus.Completed, r.RuntimeStatus));
        Assert.Equal(1, mostAtOnce);
    }

    [Fact]
    public void Options_bind_from_the_DevHost_Durable_section_and_the_delegate_wins()
    {
        using var fromConfig = DurableTestHost.Build(
            _ => { },
            settings: new Dictionary<string, string?> { ["DevHost:Durable:MaxConcurrentWorkItems"] = "77" });
        using var overridden = DurableTestHost.Build(
            _ => { },
            options => options.MaxConcurrentWorkItems = 33,
            settings: new Dictionary<string, string?> { ["DevHost:Durable:MaxConcurrentWorkItems"] = "77" });

        Assert.Equal(77, fromConfig.Services.GetRequiredService<IOptions<DevHostDurableOptions>>().Value.MaxConcurrentWorkItems);
        Assert.Equal(33, overridden.Services.GetRequiredService<IOptions<DevHostDurableOptions>>().Value.MaxConcurrentWorkItems);
    }

    [Fact]
    public void Worker_concurrency_follows_MaxConcurrentWorkItems()
    {
        using var host = DurableTestHost.Build(_ => { }, options => options.MaxConcurrentWorkItems = 321);

        var concurrency = host.Services.GetRequiredService<IOptionsMonitor<DurableTaskWorkerOptions>>()
            .Get(Options.DefaultName).Concurrency;

        Assert.Equal(321, concurrency.MaximumConcurrentOrchestrationWorkItems);
        Assert.Equal(321, concurrency.MaximumConcurrentActivityWorkItems);
        Assert.Equal(321, concurrency.MaximumConcurrentEntityWorkItems);
    }

    [Fact]
    public async Task Invalid_options_stop_the_host_from_starting()
    {
        using var host = DurableTestHost.Build(_ => { }, options => options.MaxConcurrentWorkItems = 0);

        await Assert.ThrowsAsync<OptionsValidationException>(
            () => host.StartAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Sidecar_releases_its_port_when_the_host_stops()
    {
        var port = FreeLoopbackPort();
        var host = await DurableTestHost.StartAsync(RegisterHold(() => Task.FromResult(true)), options => options.Port = port);
        await using (host)
        {
            var client = host.Host.Services.GetRequiredService<DurableTaskClient>();
            var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(HoldOnce, TestContext.Current.CancellationToken);
            var result = await host.WaitForCompletionAsync(instanceId);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
            Assert.Throws<SocketException>(() => Listen(port).Dispose());
        }

        using var rebound = Listen(port);
        Assert.Equal(port, ((IPEndPoint)rebound.LocalEndPoint!).Port);
    }

    [Fact]
    public async Task The_port_picked_for_the_sidecar_stays_taken_from_the_moment_it_is_picked_until_the_host_stops()
    {
        // Picked but released before the sidecar binds it, anything else on the machine could take the port in
        // between, and the host would not start.
        using var built = DurableTestHost.Build(RegisterHold(() => Task.FromResult(true)));
        var port = built.Services.GetRequiredService<DevHostDurableEndpoint>().Port;
        Assert.Throws<SocketException>(() => Listen(port).Dispose());

        await built.StartAsync(TestContext.Current.CancellationToken);
        var client = built.Services.GetRequiredService<DurableTaskClient>();
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(HoldOnce, TestContext.Current.CancellationToken);
        var result = await client.WaitForInstanceCompletionAsync(instanceId, TestContext.Current.CancellationToken);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, result.RuntimeStatus);
        Assert.Throws<SocketException>(() => Listen(port).Dispose());
        await built.StopAsync(TestContext.Current.CancellationToken);
        built.Dispose();

        using var rebound = Listen(port);
        Assert.Equal(port, ((IPEndPoint)rebound.LocalEndPoint!).Port);
    }

    private static int FreeLoopbackPort()
    {
        using var socket = Listen(0);
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    private static Socket Listen(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            socket.Listen();
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
