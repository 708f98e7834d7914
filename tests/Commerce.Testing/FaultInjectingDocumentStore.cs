using Commerce.Documents;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Testing;

public enum DocumentOperation
{
    Ping,
    Read,
    Query,
    Create,
    Replace,
    Upsert,
    Delete,
}

/// <summary>One call a test may fail: which container, what kind, which document.</summary>
public readonly record struct DocumentCall(string Container, DocumentOperation Operation, string? Id)
{
    public bool IsWrite => Operation is DocumentOperation.Create or DocumentOperation.Replace or DocumentOperation.Upsert or DocumentOperation.Delete;
}

/// <summary>
/// A document store in front of a real adapter that fails the calls a test chooses: before each call it asks
/// <see cref="FaultFor"/> (by default <see cref="Fault"/>), and an exception returned is thrown without the call
/// reaching the adapter, as a store that is down, throttling, or a process that dies before its write.
/// </summary>
public class FaultInjectingDocumentStore(IDocumentStore inner) : IDocumentStore
{
    int _calls;
    int _faults;

    /// <summary>The fault for a call, or null to let it through.</summary>
    public Func<DocumentCall, Exception?>? Fault { get; set; }

    /// <summary>Calls seen, failed ones included.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Calls failed by an injected fault.</summary>
    public int Faults => Volatile.Read(ref _faults);

    public IDocumentContainer<T> Container<T>(string name) where T : class => new FaultyContainer<T>(this, name, inner.Container<T>(name));

    public Task PingAsync(CancellationToken cancellationToken = default) => Run(new DocumentCall("", DocumentOperation.Ping, null), async () =>
    {
        await inner.PingAsync(cancellationToken);
        return true;
    });

    protected virtual Exception? FaultFor(DocumentCall call) => Fault?.Invoke(call);

    async Task<TResult> Run<TResult>(DocumentCall call, Func<Task<TResult>> operation)
    {
        Interlocked.Increment(ref _calls);
        if (FaultFor(call) is { } fault)
        {
            Interlocked.Increment(ref _faults);
            throw fault;
        }

        return await operation();
    }

    sealed class FaultyContainer<T>(FaultInjectingDocumentStore store, string name, IDocumentContainer<T> inner) : IDocumentContainer<T> where T : class
    {
        public Task<Document<T>?> ReadAsync(string id, string partitionKey, CancellationToken cancellationToken = default)
            => store.Run(new(name, DocumentOperation.Read, id), () => inner.ReadAsync(id, partitionKey, cancellationToken));

        public Task<Document<T>> CreateAsync(string id, string partitionKey, T value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default)
            => store.Run(new(name, DocumentOperation.Create, id), () => inner.CreateAsync(id, partitionKey, value, options, cancellationToken));

        public Task<Document<T>> ReplaceAsync(string id, string partitionKey, T value, string ifMatch, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default)
            => store.Run(new(name, DocumentOperation.Replace, id), () => inner.ReplaceAsync(id, partitionKey, value, ifMatch, options, cancellationToken));

        public Task<Document<T>> UpsertAsync(string id, string partitionKey, T value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default)
            => store.Run(new(name, DocumentOperation.Upsert, id), () => inner.UpsertAsync(id, partitionKey, value, options, cancellationToken));

        public Task<bool> DeleteAsync(string id, string partitionKey, string? ifMatch = null, CancellationToken cancellationToken = default)
            => store.Run(new(name, DocumentOperation.Delete, id), () => inner.DeleteAsync(id, partitionKey, ifMatch, cancellationToken));

        public Task<DocumentPage<T>> QueryAsync(string partitionKey, DocumentQuery? query = null, CancellationToken cancellationToken = default)
            => store.Run(new(name, DocumentOperation.Query, null), () => inner.QueryAsync(partitionKey, query, cancellationToken));

        public Task<IReadOnlyList<Document<T>>> ReadManyAsync(IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken = default)
            => store.Run(new(name, DocumentOperation.Read, null), () => inner.ReadManyAsync(keys, cancellationToken));
    }
}

public static class FaultInjection
{
    /// <summary>
    /// Puts the fault injector <paramref name="create"/> makes between the apps' retrying document store and the adapter
    /// beneath it, so injected unavailability is retried as a real outage would be.
    /// </summary>
    public static IServiceCollection AddDocumentStoreFaults(this IServiceCollection services, Func<IDocumentStore, FaultInjectingDocumentStore> create)
    {
        var adapter = services.Single(d => d.IsKeyedService && Equals(d.ServiceKey, DocumentStoreServiceCollectionExtensions.AdapterKey));
        services.Remove(adapter);
        services.AddKeyedSingleton<IDocumentStore>(adapter.ServiceKey, (sp, key) => create((IDocumentStore)adapter.KeyedImplementationFactory!(sp, key)));
        return services;
    }

    /// <summary>The fault injector a host was built with (see <see cref="AddDocumentStoreFaults"/>).</summary>
    public static TStore DocumentStoreFaults<TStore>(this IServiceProvider services) where TStore : FaultInjectingDocumentStore
        => (TStore)services.GetRequiredKeyedService<IDocumentStore>(DocumentStoreServiceCollectionExtensions.AdapterKey);
}
