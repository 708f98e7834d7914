namespace Commerce.Testing;

/// <summary>Polls a condition until it holds or a deadline passes: the way tests wait, instead of fixed sleeps.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls <paramref name="condition"/> every <paramref name="interval"/> until it returns true; throws <see cref="TimeoutException"/> after <paramref name="timeout"/>.</summary>
    public static async Task UntilAsync(
        Func<Task<bool>> condition,
        TimeSpan timeout,
        TimeSpan? interval = null,
        string? because = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException($"The condition did not hold within {timeout}{(because is null ? "." : ": " + because)}");
            }

            await Task.Delay(interval ?? DefaultInterval, cancellationToken);
        }
    }

    /// <summary>Synchronous-condition overload of <see cref="UntilAsync(Func{Task{bool}}, TimeSpan, TimeSpan?, string?, CancellationToken)"/>.</summary>
    public static Task UntilAsync(
        Func<bool> condition,
        TimeSpan timeout,
        TimeSpan? interval = null,
        string? because = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        return UntilAsync(() => Task.FromResult(condition()), timeout, interval, because, cancellationToken);
    }
}
