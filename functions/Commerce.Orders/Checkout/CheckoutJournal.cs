using Commerce.Orders.Domain;

namespace Commerce.Orders.Checkout;

/// <summary>
/// Told of every checkout saga about to start, with what it takes to start it again. In Azure the durable backend keeps
/// orchestrations across restarts, so nothing is recorded (<see cref="NoCheckoutJournal"/>); a host whose durable engine
/// lives in memory (the dev host) records them to re-start the ones a crash cut short.
/// </summary>
public interface ICheckoutJournal
{
    Task StartingAsync(QueuedCheckout checkout, CancellationToken cancellationToken);
}

public sealed class NoCheckoutJournal : ICheckoutJournal
{
    public Task StartingAsync(QueuedCheckout checkout, CancellationToken cancellationToken) => Task.CompletedTask;
}
