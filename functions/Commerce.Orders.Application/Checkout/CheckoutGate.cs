using System.Collections.Concurrent;
using Commerce.Contracts;
using Commerce.Orders.Domain;
using Commerce.Primitives;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commerce.Orders.Checkout;

public enum AdmissionResult
{
    Started,
    Queued,
}

/// <summary>
/// Flash-sale protection. A checkout starts its saga at once while fewer than <see cref="OrdersOptions.CheckoutBacklogLimit"/>
/// checkout sagas are running or pending and nobody is waiting; otherwise it joins the <see cref="CheckoutAdmissionLane"/>
/// (durable, ordered by arrival) and a nudge on the <see cref="Queue"/> queue makes some instance drain the lane, oldest
/// first, as the backlog falls. The backlog is the <see cref="CheckoutsInFlight"/> register (entries written as sagas
/// start, deleted as they end), so measuring it costs the same with a hundred thousand finished sagas in the engine's
/// history as with none. Starting a saga is idempotent: the instance id is the order id and the engine is told to refuse
/// an id it already knows in any state, so two instances draining at once, a drain repeated after a crash, or the sweep
/// never run a saga twice.
/// </summary>
public sealed partial class CheckoutGate(
    CheckoutAdmissionLane lane,
    CheckoutsInFlight inFlight,
    IQueueSender queues,
    IOptions<OrdersOptions> options,
    TimeProvider clock,
    ILogger<CheckoutGate> logger)
{
    public const string Queue = "checkout-admission";
    static readonly TimeSpan GaugeTtl = TimeSpan.FromMilliseconds(100);
    static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);
    static readonly TimeSpan MaxDrain = TimeSpan.FromMinutes(2);

    readonly SemaphoreSlim draining = new(1, 1);
    readonly SemaphoreSlim refreshing = new(1, 1);
    readonly ConcurrentQueue<string> drained = new();
    sealed record Gauge(DateTimeOffset At, int Count);

    Gauge gauge = new(DateTimeOffset.MinValue, 0);
    int startedSinceGauge;
    volatile bool laneWaiting;

    /// <summary>Order ids this instance started from the lane, in the order it started them (diagnostics; the newest 10,000).</summary>
    public IReadOnlyCollection<string> Drained => drained;

    int Limit => options.Value.CheckoutBacklogLimit;

    public async Task<AdmissionResult> AdmitAsync(DurableTaskClient durable, string orderId, CheckoutRequest request, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var checkout = new QueuedCheckout(orderId, request, receivedAt, TraceParents.Current());
        if (Limit > 0 && (laneWaiting || await BacklogAsync(fresh: false, cancellationToken) >= Limit))
        {
            laneWaiting = true;
            await lane.EnqueueAsync(checkout, cancellationToken);
            await queues.SendAsync(Queue, orderId, cancellationToken);
            CheckoutTelemetry.Admitted(queued: true);
            LogQueued(logger, orderId);
            return AdmissionResult.Queued;
        }

        await StartAsync(durable, checkout, cancellationToken);
        CheckoutTelemetry.Admitted(queued: false); // after the start: a 503 the client retries is not counted twice
        return AdmissionResult.Started;
    }

    /// <summary>True while the checkout waits in the lane (accepted, saga not started yet).</summary>
    public Task<bool> IsQueuedAsync(string orderId, DateTimeOffset receivedAt, CancellationToken cancellationToken)
        => lane.IsWaitingAsync(orderId, receivedAt, cancellationToken);

    /// <summary>Makes some instance drain the lane (after a restart, whose in-process nudges are gone).</summary>
    public Task NudgeAsync(CancellationToken cancellationToken) => queues.SendAsync(Queue, "drain", cancellationToken);

    /// <summary>Starts waiting checkouts oldest first while the backlog has room; one drain at a time per instance.</summary>
    public async Task DrainAsync(DurableTaskClient durable, CancellationToken cancellationToken)
    {
        await draining.WaitAsync(cancellationToken);
        try
        {
            var until = clock.GetUtcNow() + MaxDrain;
            while (true)
            {
                var room = Limit <= 0 ? int.MaxValue : Limit - await BacklogAsync(fresh: true, cancellationToken);
                if (room <= 0)
                {
                    if (clock.GetUtcNow() > until)
                    {
                        // Still full: hand the drain on rather than hold this invocation forever.
                        await NudgeAsync(cancellationToken);
                        return;
                    }

                    await Task.Delay(PollInterval, clock, cancellationToken);
                    continue;
                }

                var next = await lane.OldestAsync(Math.Min(room, 100), cancellationToken);
                if (next.Count == 0)
                {
                    laneWaiting = false;
                    return;
                }

                foreach (var entry in next)
                {
                    await StartAsync(durable, entry, cancellationToken);
                    await lane.RemoveAsync(entry, cancellationToken);
                    CheckoutTelemetry.LeftLane();
                    drained.Enqueue(entry.OrderId);
                    while (drained.Count > 10_000 && drained.TryDequeue(out _))
                    {
                    }
                }

            }
        }
        finally
        {
            draining.Release();
        }
    }

    /// <summary>Checkout sagas in flight (counted up to the limit), cached briefly so admission costs no query per request.</summary>
    async Task<int> BacklogAsync(bool fresh, CancellationToken cancellationToken)
    {
        if (!fresh && Cached() is { } cached)
        {
            return cached;
        }

        // One count at a time: concurrent refreshes would each forget the starts the other had not counted.
        await refreshing.WaitAsync(cancellationToken);
        try
        {
            if (!fresh && Cached() is { } counted)
            {
                return counted;
            }

            // Starts from here on may or may not be in the count: they stay added (admission errs on the full side) until
            // the next count, which surely includes them.
            var startsBefore = Volatile.Read(ref startedSinceGauge);
            var now = clock.GetUtcNow();
            var count = await inFlight.CountAsync(Limit, cancellationToken);
            gauge = new Gauge(now, count);
            return count + Interlocked.Add(ref startedSinceGauge, -startsBefore);
        }
        finally
        {
            refreshing.Release();
        }
    }

    /// <summary>The last count plus the sagas this instance started since (a burst cannot slip under it), while it is fresh.</summary>
    int? Cached()
    {
        var cached = gauge;
        return clock.GetUtcNow() - cached.At < GaugeTtl ? cached.Count + Volatile.Read(ref startedSinceGauge) : null;
    }

    /// <summary>Every status of an instance id the engine must not start again: a checkout's saga runs once.</summary>
    static readonly OrchestrationRuntimeStatus[] StartedOnce =
    [
        OrchestrationRuntimeStatus.Pending,
        OrchestrationRuntimeStatus.Running,
        OrchestrationRuntimeStatus.Suspended,
        OrchestrationRuntimeStatus.Completed,
        OrchestrationRuntimeStatus.Failed,
        OrchestrationRuntimeStatus.Terminated,
    ];

    /// <summary>
    /// Starts the checkout's saga under its order id, recording it in flight first (so the sweep finds it whatever happens
    /// next). A saga the engine already knows for the order, in any state, is left alone: the same order either way. An
    /// engine that cannot take the saga throws <see cref="CheckoutEngineUnavailableException"/> (transient: the caller
    /// answers 503, the entry stays for the sweep).
    /// </summary>
    public async Task StartAsync(DurableTaskClient durable, QueuedCheckout checkout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        ArgumentNullException.ThrowIfNull(checkout);
        var (orderId, body) = (checkout.OrderId, checkout.Request);
        using var resumed = CheckoutTelemetry.ResumeTrace(checkout);
        await inFlight.AddAsync(checkout, cancellationToken);
        var settings = options.Value;
        var input = new CheckoutInput(orderId, body.CartId!, body.Email!, body.ShippingAddress!, body.PaymentToken!, settings.ReservationHold, settings.PaymentActionTimeout);
        try
        {
            Interlocked.Increment(ref startedSinceGauge);
            await durable.ScheduleNewOrchestrationInstanceAsync(CheckoutInput.Orchestration, input, new StartOrchestrationOptions { InstanceId = orderId }.WithDedupeStatuses(StartedOnce), cancellationToken);
            LogStarted(logger, orderId);
        }
        catch (Exception ex) when (IsAlreadyStarted(ex))
        {
            // Another request, drain or sweep started it first: the same order either way.
            LogAlreadyStarted(logger, ex, orderId);
        }
        catch (Exception ex) when (ex is Grpc.Core.RpcException or TimeoutException or HttpRequestException || TransientFailure.IsTransient(ex))
        {
            LogEngineUnavailable(logger, ex, orderId);
            throw new CheckoutEngineUnavailableException(orderId, ex);
        }
    }

    /// <summary>The engine's "this instance id exists" answer: the gRPC status, or the core exception an in-process backend raises.</summary>
    static bool IsAlreadyStarted(Exception ex) => ex switch
    {
        Grpc.Core.RpcException rpc => rpc.StatusCode == Grpc.Core.StatusCode.AlreadyExists,
        _ => ex.GetType().Name == "OrchestrationAlreadyExistsException" || (ex.InnerException is { } inner && IsAlreadyStarted(inner)),
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkout {OrderId} queued: the saga backlog is full")]
    static partial void LogQueued(ILogger logger, string orderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkout {OrderId} started")]
    static partial void LogStarted(ILogger logger, string orderId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkout {OrderId} was already started")]
    static partial void LogAlreadyStarted(ILogger logger, Exception exception, string orderId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkout {OrderId} could not be started: the durable engine did not take it (kept for the sweep)")]
    static partial void LogEngineUnavailable(ILogger logger, Exception exception, string orderId);
}

/// <summary>The durable engine could not take a checkout's saga (unreachable, throttled): retry later; the checkout is kept.</summary>
public sealed class CheckoutEngineUnavailableException(string orderId, Exception inner)
    : Exception($"The checkout engine could not start {orderId}.", inner), ITransientFailure;
