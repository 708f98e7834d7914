using Commerce.Primitives;

namespace Commerce.Documents;

/// <summary>
/// The document store port: Cosmos DB shaped (containers, partition keys, ETags, TTL) so that every hot path
/// is a point read or a single-partition query. Adapters: Cosmos DB (production) and SQLite (embedded).
/// </summary>
public interface IDocumentStore
{
    /// <summary>Gets a typed view of one container. Containers are created on first use.</summary>
    IDocumentContainer<T> Container<T>(string name) where T : class;

    /// <summary>Proves the store answers (used by health checks); throws when it does not.</summary>
    Task PingAsync(CancellationToken cancellationToken = default);
}

/// <summary>One container of JSON documents of type <typeparamref name="T"/>, partitioned by a string key.</summary>
public interface IDocumentContainer<T> where T : class
{
    /// <summary>Point read; null when the document does not exist (or has expired).</summary>
    Task<Document<T>?> ReadAsync(string id, string partitionKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// Point reads of many documents in one batch: the documents that exist (expired ones do not), in no particular
    /// order, each once. Adapters that can read several keys in one round trip do (SQLite: one statement per
    /// <see cref="ReadManyBatch"/> keys); the rest read them concurrently, <see cref="ReadManyBatch"/> at a time.
    /// </summary>
    async Task<IReadOnlyList<Document<T>>> ReadManyAsync(IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new List<Document<T>>(keys.Count);
        foreach (var batch in keys.Distinct().Chunk(ReadManyBatch))
        {
            found.AddRange((await Task.WhenAll(batch.Select(k => ReadAsync(k.Id, k.PartitionKey, cancellationToken)))).OfType<Document<T>>());
        }

        return found;
    }

    /// <summary>Keys <see cref="ReadManyAsync"/> reads at once.</summary>
    const int ReadManyBatch = 100;

    /// <summary>Creates a new document; throws <see cref="DocumentConflictException"/> when the id already exists in the partition.</summary>
    Task<Document<T>> CreateAsync(string id, string partitionKey, T value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a document only if its current ETag equals <paramref name="ifMatch"/>; throws
    /// <see cref="DocumentConcurrencyException"/> when it does not, <see cref="DocumentNotFoundException"/> when it is gone.
    /// </summary>
    Task<Document<T>> ReplaceAsync(string id, string partitionKey, T value, string ifMatch, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>Creates or overwrites a document unconditionally.</summary>
    Task<Document<T>> UpsertAsync(string id, string partitionKey, T value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes a document; when <paramref name="ifMatch"/> is given only if the ETag still matches
    /// (else <see cref="DocumentConcurrencyException"/>). Returns false when there was nothing to delete.
    /// </summary>
    Task<bool> DeleteAsync(string id, string partitionKey, string? ifMatch = null, CancellationToken cancellationToken = default);

    /// <summary>Single-partition query: optional equality filters on top-level properties, ordered, paged with a continuation token.</summary>
    Task<DocumentPage<T>> QueryAsync(string partitionKey, DocumentQuery? query = null, CancellationToken cancellationToken = default);
}

/// <summary>Where a document is: its id within its partition.</summary>
public readonly record struct DocumentKey(string Id, string PartitionKey);

/// <summary>A stored document with its concurrency token.</summary>
public sealed record Document<T>(string Id, string PartitionKey, T Value, string ETag) where T : class;

/// <summary>One page of a single-partition query; <see cref="ContinuationToken"/> is null on the last page.</summary>
public sealed record DocumentPage<T>(IReadOnlyList<Document<T>> Items, string? ContinuationToken) where T : class;

/// <summary>Per-write options.</summary>
public sealed record DocumentWriteOptions
{
    /// <summary>Time to live from the write; the document disappears (reads, queries) once it elapses. Null: never expires.</summary>
    public TimeSpan? TimeToLive { get; init; }
}

/// <summary>
/// A portable single-partition query. <see cref="Filters"/> are equality filters that compare top-level JSON properties
/// (camelCase names as serialized) to string, number or boolean values. Ordering is by <see cref="OrderBy"/>
/// (a top-level property; default the id) and always ends with the id so paging is stable.
/// </summary>
public sealed record DocumentQuery
{
    public IReadOnlyDictionary<string, object?> Filters { get; init; } = new Dictionary<string, object?>();
    public string? OrderBy { get; init; }
    public bool Descending { get; init; }
    public int PageSize { get; init; } = 100;
    public string? ContinuationToken { get; init; }
}

/// <summary>Base of the typed failures the port raises; adapters translate their own errors into these.</summary>
public abstract class DocumentStoreException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A create found a document with the same id in the partition.</summary>
public sealed class DocumentConflictException(string container, string id, Exception? inner = null)
    : DocumentStoreException($"Document '{id}' already exists in '{container}'.", inner);

/// <summary>A conditional write or delete found a different ETag: someone else wrote first.</summary>
public sealed class DocumentConcurrencyException(string container, string id, Exception? inner = null)
    : DocumentStoreException($"Document '{id}' in '{container}' was changed by another writer.", inner);

/// <summary>A replace targeted a document that does not exist.</summary>
public sealed class DocumentNotFoundException(string container, string id, Exception? inner = null)
    : DocumentStoreException($"Document '{id}' does not exist in '{container}'.", inner);

/// <summary>The store could not be reached or refused for a transient reason (throttling, timeout); safe to retry.</summary>
public sealed class DocumentStoreUnavailableException(string message, Exception? inner = null)
    : DocumentStoreException(message, inner), ITransientFailure;
