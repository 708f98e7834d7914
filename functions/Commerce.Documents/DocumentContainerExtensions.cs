namespace Commerce.Documents;

/// <summary>Read-modify-write helpers over <see cref="IDocumentContainer{T}"/>.</summary>
public static class DocumentContainerExtensions
{
    /// <summary>One page of a partition from <paramref name="continuation"/> (null: the first), with the continuation of the next (null: the last).</summary>
    public static async Task<(IReadOnlyList<T> Items, string? Next)> PageAsync<T>(this IDocumentContainer<T> container, string partitionKey, string? continuation, CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(container);
        var page = await container.QueryAsync(partitionKey, new DocumentQuery { ContinuationToken = continuation }, cancellationToken);
        return ([.. page.Items.Select(d => d.Value)], page.ContinuationToken);
    }

    /// <summary>Default number of attempts <see cref="UpdateAsync{T}"/> makes before giving up.</summary>
    public const int DefaultMaxAttempts = 30;

    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Optimistic read-modify-write: reads the document, applies <paramref name="mutate"/> (which receives null when the
    /// document does not exist yet) and writes the result back with the ETag it read (replace) or as a create.
    /// When another writer got there first (<see cref="DocumentConcurrencyException"/>, <see cref="DocumentConflictException"/>,
    /// or <see cref="DocumentNotFoundException"/> because it was deleted meanwhile) it waits a small jittered,
    /// exponentially growing delay and starts over, up to <paramref name="maxAttempts"/> times; then the last failure is thrown.
    /// <paramref name="mutate"/> may run several times and must not have side effects beyond building the new value.
    /// </summary>
    public static async Task<Document<T>> UpdateAsync<T>(
        this IDocumentContainer<T> container,
        string id,
        string partitionKey,
        Func<T?, T> mutate,
        DocumentWriteOptions? options = null,
        int maxAttempts = DefaultMaxAttempts,
        CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(mutate);
        return await UpdateIfAsync(container, id, partitionKey, current => mutate(current), options, maxAttempts, cancellationToken)
            ?? throw new InvalidOperationException($"The update of '{id}' produced no document.");
    }

    /// <summary>
    /// <see cref="UpdateAsync{T}"/> for decisions that may leave the document as it is: when <paramref name="mutate"/>
    /// returns null nothing is written and the result is null (a refusal costs one read and no write). The decision is
    /// made on the document as it was read, and a write only lands if nobody changed it since (ETag), so a check made
    /// inside <paramref name="mutate"/> holds atomically with the write.
    /// </summary>
    public static async Task<Document<T>?> UpdateIfAsync<T>(
        this IDocumentContainer<T> container,
        string id,
        string partitionKey,
        Func<T?, T?> mutate,
        DocumentWriteOptions? options = null,
        int maxAttempts = DefaultMaxAttempts,
        CancellationToken cancellationToken = default)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(mutate);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);

        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var current = await container.ReadAsync(id, partitionKey, cancellationToken);
            if (mutate(current?.Value) is not { } next)
            {
                return null;
            }

            try
            {
                return current is null
                    ? await container.CreateAsync(id, partitionKey, next, options, cancellationToken)
                    : await container.ReplaceAsync(id, partitionKey, next, current.ETag, options, cancellationToken);
            }
            catch (DocumentStoreException ex) when (
                attempt < maxAttempts
                && ex is DocumentConcurrencyException or DocumentConflictException or DocumentNotFoundException)
            {
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
        }
    }

    private static TimeSpan Backoff(int attempt)
    {
        // Full jitter: a random delay up to an exponentially growing ceiling, so contenders spread out.
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 16)));
#pragma warning disable CA5394 // Jitter for retry spacing, not security: a non-cryptographic random is right here.
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
#pragma warning restore CA5394
    }
}
