using Commerce.Documents;
using Commerce.Orders.Checkout;
using Commerce.Orders.Domain;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Commerce.DevHost.Orders;

/// <summary>
/// What a dev host restart keeps and loses. SQLite documents survive (orders, stock with its holds and their ExpiresAt,
/// checkout requests, the admission lane, carts); the in-memory durable engine's orchestrations, the in-process queues
/// and the simulated payment provider's memory do not. So the dev host journals every checkout saga it starts (this
/// container) and, at start, starts again under the same instance id each one that had not finished: every saga step is
/// idempotent per order, so the re-run completes the order or fails it cleanly with its compensations. The journal
/// forgets a checkout once its saga ends; a saga that ended less than <see cref="SweepInterval"/> before a crash runs
/// once more, which its idempotent steps make harmless (a standing order is recognised and left alone).
/// </summary>
public sealed partial class DocumentCheckoutJournal(IDocumentStore store) : ICheckoutJournal
{
    public const string Container = "devhost-checkouts-in-flight";
    const string Partition = "in-flight";

    IDocumentContainer<QueuedCheckout> Entries => store.Container<QueuedCheckout>(Container);

    public Task StartingAsync(QueuedCheckout checkout, CancellationToken cancellationToken)
        => Entries.UpsertAsync(checkout.OrderId, Partition, checkout, cancellationToken: cancellationToken);

    public async Task<IReadOnlyList<QueuedCheckout>> InFlightAsync(CancellationToken cancellationToken)
    {
        var all = new List<QueuedCheckout>();
        string? continuation = null;
        do
        {
            var page = await Entries.QueryAsync(Partition, new DocumentQuery { PageSize = 500, ContinuationToken = continuation }, cancellationToken);
            all.AddRange(page.Items.Select(d => d.Value));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return all;
    }

    public Task ForgetAsync(string orderId, CancellationToken cancellationToken) => Entries.DeleteAsync(orderId, Partition, cancellationToken: cancellationToken);
}

/// <summary>
/// At start: finishes the journaled checkouts a crash cut short (re-starting their sagas, or completing an order that
/// already stands) and drains the admission lane; then keeps the journal to the sagas still running.
/// </summary>
public sealed partial class CheckoutRecovery(
    DocumentCheckoutJournal journal,
    CheckoutGate gate,
    OrderService orders,
    OrderCompletion completion,
    DurableTaskClient durable,
    IHostApplicationLifetime lifetime,
    ILogger<CheckoutRecovery> logger) : BackgroundService
{
    public static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);

    /// <summary>Completes when the start-up recovery has run (tests and diagnostics).</summary>
    public Task Recovered => recovered.Task;

    readonly TaskCompletionSource recovered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // The durable sidecar and worker are hosted services too: wait until every one has started.
            await Task.Delay(Timeout.Infinite, lifetime.ApplicationStarted).ContinueWith(_ => { }, TaskScheduler.Default);
            await RecoverAsync(stoppingToken);
            recovered.TrySetResult();
            using var timer = new PeriodicTimer(SweepInterval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await SweepAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            recovered.TrySetCanceled(stoppingToken);
        }
        catch (Exception ex)
        {
            LogRecoveryFailed(logger, ex);
            recovered.TrySetException(ex);
        }
    }

    async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var restarted = 0;
        foreach (var checkout in await journal.InFlightAsync(cancellationToken))
        {
            if (await durable.GetInstanceAsync(checkout.OrderId, cancellationToken) is not null)
            {
                continue;
            }

            var order = await orders.GetAsync(checkout.OrderId, cancellationToken);
            if (order is { Status: OrderStatus.Allocated })
            {
                // The order stands (payment captured, stock committed) but the crash came before it was completed. Finish
                // it from what the order records; re-running the saga would fail on the cart the order already cleared.
                var failures = await completion.TryCompleteAsync(CompleteOrderInput.Of(order), cancellationToken);
                if (failures.Count == 0)
                {
                    await journal.ForgetAsync(checkout.OrderId, cancellationToken);
                }

                restarted++;
                continue;
            }

            if (order is { Status: not (OrderStatus.Pending or OrderStatus.Paid) })
            {
                await journal.ForgetAsync(checkout.OrderId, cancellationToken);
                continue;
            }

            await gate.StartAsync(durable, checkout, cancellationToken);
            restarted++;
        }

        await gate.NudgeAsync(cancellationToken);
        LogRecovered(logger, restarted);
    }

    async Task SweepAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var checkout in await journal.InFlightAsync(cancellationToken))
            {
                var instance = await durable.GetInstanceAsync(checkout.OrderId, cancellationToken);
                if (instance is { IsCompleted: true })
                {
                    await journal.ForgetAsync(checkout.OrderId, cancellationToken);
                }
            }
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            // Cut short by shutdown (the gRPC client reports it as a cancelled call): not a failure.
        }
        catch (Exception ex)
        {
            LogSweepFailed(logger, ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Checkout recovery: finished {Count} checkout(s) a restart had cut short")]
    static partial void LogRecovered(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Checkout recovery failed")]
    static partial void LogRecoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Checkout journal sweep failed; retrying on the next tick")]
    static partial void LogSweepFailed(ILogger logger, Exception exception);
}

public static class CheckoutRecoveryExtensions
{
    /// <summary>Journals checkout sagas and re-starts the unfinished ones when the dev host starts again.</summary>
    public static IServiceCollection AddCheckoutRecovery(this IServiceCollection services)
    {
        services.TryAddSingleton<DocumentCheckoutJournal>();
        services.Replace(ServiceDescriptor.Singleton<ICheckoutJournal>(sp => sp.GetRequiredService<DocumentCheckoutJournal>()));
        services.AddSingleton<CheckoutRecovery>();
        services.AddHostedService(sp => sp.GetRequiredService<CheckoutRecovery>());
        return services;
    }
}
