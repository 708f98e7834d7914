using Commerce.Orders.Checkout;

namespace Commerce.DevHost.Orders;

/// <summary>
/// What a dev host restart keeps and loses. SQLite documents survive (orders, stock with its holds and their ExpiresAt,
/// checkout requests, the admission lane, the checkouts-in-flight register, carts); the in-memory durable engine's
/// orchestrations, the in-process queues and the simulated payment provider's memory do not. So at start the dev host
/// runs the production <see cref="CheckoutSweep"/> with no grace period: every checkout the register holds whose saga the
/// engine no longer knows is started again under the same instance id (every saga step is idempotent per order, so the
/// re-run completes the order or fails it cleanly), and an order that already stood is completed from what it records.
/// Then it sweeps every second (the function app's timer runs every 30 s), and drains the admission lane once.
/// Only on the <see cref="DevHostBackend.InMemory"/> backend: on <see cref="DevHostBackend.Azurite"/> the Azure Storage
/// provider keeps the sagas across a restart, as in Azure, and nothing is recovered behind the engine's back.
/// </summary>
public sealed partial class CheckoutRecovery(
    CheckoutSweep sweep,
    CheckoutGate gate,
    DurableTaskClient durable,
    IHostApplicationLifetime lifetime,
    IOptions<DevHostOptions> devHost,
    ILogger<CheckoutRecovery> logger) : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    /// <summary>Completes when the start-up recovery has run (tests and diagnostics).</summary>
    public Task Recovered => recovered.Task;

    readonly TaskCompletionSource recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (devHost.Value.Backend != DevHostBackend.InMemory)
        {
            recovered.TrySetResult();
            return;
        }

        try
        {
            // The durable sidecar and worker are hosted services too: wait until every one has started.
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).ContinueWith(_ => { }, TaskScheduler.Default);
            LogRecovered(logger, await sweep.SweepAsync(durable, TimeSpan.Zero, stoppingToken));
            await gate.NudgeAsync(stoppingToken);
            recovered.TrySetResult();
            using var timer = new PeriodicTimer(SweepInterval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await sweep.SweepAsync(durable, CheckoutSweep.DefaultGrace, stoppingToken);
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Cut short by shutdown (the gRPC client reports it as a cancelled call): not a failure.
            recovered.TrySetCanceled(stoppingToken);
        }
        catch (Exception ex)
        {
            LogRecoveryFailed(logger, ex);
            recovered.TrySetException(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkout recovery: finished {Count} checkout(s) a restart had cut short")]
    static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checkout recovery failed")]
    static partial void LogRecoveryFailed(ILogger logger, Exception exception);
}

public static class CheckoutRecoveryExtensions
{
    /// <summary>Finishes the checkouts a dev host restart cut short, then keeps sweeping.</summary>
    public static IServiceCollection AddCheckoutRecovery(this IServiceCollection services)
    {
        services.AddSingleton<CheckoutRecovery>();
        services.AddHostedService(sp => sp.GetRequiredService<CheckoutRecovery>());
        return services;
    }
}
