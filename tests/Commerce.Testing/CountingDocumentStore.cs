using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Commerce.Documents;

namespace Commerce.Testing;

/// <summary>
/// Counts every document-store call per container and operation (read, create, replace, upsert, delete, query), and the
/// time spent inside the store, so a run can say how many reads and writes one unit of work costs (benchmarks'
/// <c>--profile</c>, and tests that pin a path's store calls).
/// </summary>
public sealed class CountingDocumentStore(IDocumentStore inner) : IDocumentStore
{
    readonly ConcurrentDictionary<(string Container, string Operation), (long Count, long Ticks)> calls = new();

    public IDocumentContainer<T> Container<T>(string name) where T : class => new Counting<T>(inner.Container<T>(name), name, this);

    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

    public void Reset() => calls.Clear();

    /// <summary>Calls so far of <paramref name="operation"/> on <paramref name="container"/>.</summary>
    public long Count(string container, string operation) => calls.TryGetValue((container, operation), out var call) ? call.Count : 0;

    /// <summary>Calls so far, every container and operation.</summary>
    public long Total => calls.Values.Sum(c => c.Count);

    public void Print(int sagas, string unit = "saga")
    {
        foreach (var ((container, operation), (count, ticks)) in calls.OrderBy(c => c.Key.Container, StringComparer.Ordinal).ThenBy(c => c.Key.Operation, StringComparer.Ordinal))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {container,-20} {operation,-8} {(double)count / sagas,6:F2}/{unit}  mean {TimeSpan.FromTicks(ticks / Math.Max(1, count)).TotalMilliseconds,7:F2} ms"));
        }

        var writes = calls.Where(c => c.Key.Operation is not ("read" or "query")).Sum(c => c.Value.Count);
        var reads = calls.Where(c => c.Key.Operation is "read" or "query").Sum(c => c.Value.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  total: {(double)reads / sagas:F1} reads and {(double)writes / sagas:F1} writes per {unit}, {TimeSpan.FromTicks(calls.Sum(c => c.Value.Ticks)).TotalSeconds:F1} s inside the store (summed over concurrent calls)"));
    }

    async Task<TResult> Time<TResult>(string container, string operation, Func<Task<TResult>> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call();
        }
        finally
        {
            var elapsed = Stopwatch.GetElapsedTime(started).Ticks;
            calls.AddOrUpdate((container, operation), (1, elapsed), (_, v) => (v.Count + 1, v.Ticks + elapsed));
        }
    }

    sealed class Counting<T>(IDocumentContainer<T> inner, string name, CountingDocumentStore owner) : IDocumentContainer<T> where T : class
    {
        public Task<Document<T>?> ReadAsync(string id, string partitionKey, CancellationToken cancellationToken = default)
            => owner.Time(name, "read", () => inner.ReadAsync(id, partitionKey, cancellationToken));

        public Task<Document<T>> CreateAsync(string id, string partitionKey, T value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default)
            => owner.Time(name, "create", () => inner.CreateAsync(id, partitionKey, value, options, cancellationToken));

        public Task<Document<T>> ReplaceAsync(string id, string partitionKey, T value, string ifMatch, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default)
            => owner.Time(name, "replace", () => inner.ReplaceAsync(id, partitionKey, value, ifMatch, options, cancellationToken));

        public Task<Document<T>> UpsertAsync(string id, string partitionKey, T value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default)
            => owner.Time(name, "upsert", () => inner.UpsertAsync(id, partitionKey, value, options, cancellationToken));

        public Task<bool> DeleteAsync(string id, string partitionKey, string? ifMatch = null, CancellationToken cancellationToken = default)
            => owner.Time(name, "delete", () => inner.DeleteAsync(id, partitionKey, ifMatch, cancellationToken));

        public Task<DocumentPage<T>> QueryAsync(string partitionKey, DocumentQuery? query = null, CancellationToken cancellationToken = default)
            => owner.Time(name, "query", () => inner.QueryAsync(partitionKey, query, cancellationToken));
    }
}
