namespace Commerce.Documents;

/// <summary>
/// Retries every operation of an adapter that failed with <see cref="DocumentStoreUnavailableException"/> (throttled,
/// busy, unreachable) a few times with jittered exponential backoff; other failures pass through at once. A create
/// retried after a failure whose write did land answers <see cref="DocumentConflictException"/>, as it would from the
/// adapter's own retries: callers already treat a conflict on create as "someone wrote it".
/// </summary>
public sealed class ResilientDocumentStore(IDocumentStore inner, int maxAttempts = ResilientDocumentStore.DefaultMaxAttempts) : IDocumentStore
{
    public const int DefaultMaxAttempts = 4;
    static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(50);

    /// <summary>The adapter being retried.</summary>
    public IDocumentStore Inner => inner;

    public IDocumentContainer<T> Container<T>(string name) where T : class => new ResilientContainer<T>(inner.Container<T>(name), maxAttempts);

    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

    internal static async Task<TResult> RetryAsync<TResult>(Func<Task<TResult>> operation, int maxAttempts, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await operation();
            }
            catch (DocumentStoreUnavailableException) when (attempt < maxAttempts && !cancellationToken.IsCancellationRequested)
            {
                var delay = BaseDelay * Math.Pow(2, attempt - 1) * (0.5 + Random.Shared.NextDouble());
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    sealed class ResilientContainer<T>(IDocumentContainer<T> inner, int maxAttempts) : IDocumentContainer<T> where T : class
    {
        public Task<Document<T>?> ReadAsync(string id, string partitionKey, CancellationToken cancellationToken = default)
            => RetryAsync(() => inner.ReadAsync(id, partitionKey, cancellationToken), maxAttempts, cancellationToken);

        public Task<Document<T>> CreateAsync(string id, string partitionKey, T value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default)
            => RetryAsync(() => inner.CreateAsync(id, partitionKey, value, options, cancellationToken), maxAttempts, cancellationToken);

        public Task<Document<T>> ReplaceAsync(string id, string partitionKey, T value, string ifMatch, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default)
            => RetryAsync(() => inner.ReplaceAsync(id, partitionKey, value, ifMatch, options, cancellationToken), maxAttempts, cancellationToken);

        public Task<Document<T>> UpsertAsync(string id, string partitionKey, T value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default)
            => RetryAsync(() => inner.UpsertAsync(id, partitionKey, value, options, cancellationToken), maxAttempts, cancellationToken);

        public Task<bool> DeleteAsync(string id, string partitionKey, string? ifMatch = null, CancellationToken cancellationToken = default)
            => RetryAsync(() => inner.DeleteAsync(id, partitionKey, ifMatch, cancellationToken), maxAttempts, cancellationToken);

        public Task<DocumentPage<T>> QueryAsync(string partitionKey, DocumentQuery? query = null, CancellationToken cancellationToken = default)
            => RetryAsync(() => inner.QueryAsync(partitionKey, query, cancellationToken), maxAttempts, cancellationToken);

        public Task<IReadOnlyList<Document<T>>> ReadManyAsync(IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken = default)
            => RetryAsync(() => inner.ReadManyAsync(keys, cancellationToken), maxAttempts, cancellationToken);
    }
}
