using Commerce.Documents;

namespace Commerce.Orders.UnitTests;

/// <summary>A process that dies mid-operation, simulated: every write after the first <see cref="WritesBeforeCrash"/> throws without being applied.</summary>
sealed class CrashingDocumentStore(IDocumentStore inner) : IDocumentStore
{
    int writes;

    /// <summary>How many more writes succeed; null never crashes.</summary>
    public int? WritesBeforeCrash { get; set; }

    public int Writes => writes;

    public IDocumentContainer<T> Container<T>(string name) where T : class => new Crashing<T>(inner.Container<T>(name), this);

    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

    void BeforeWrite()
    {
        if (WritesBeforeCrash is { } budget && writes >= budget)
        {
            throw new SimulatedCrashException();
        }

        writes++;
    }

    sealed class Crashing<T>(IDocumentContainer<T> inner, CrashingDocumentStore owner) : IDocumentContainer<T> where T : class
    {
        public Task<Document<T>?> ReadAsync(string id, string partitionKey, CancellationToken cancellationToken = default)
            => inner.ReadAsync(id, partitionKey, cancellationToken);

        public Task<Document<T>> CreateAsync(string id, string partitionKey, T value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default)
        {
            owner.BeforeWrite();
            return inner.CreateAsync(id, partitionKey, value, options, cancellationToken);
        }

        public Task<Document<T>> ReplaceAsync(string id, string partitionKey, T value, string ifMatch, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default)
        {
            owner.BeforeWrite();
            return inner.ReplaceAsync(id, partitionKey, value, ifMatch, options, cancellationToken);
        }

        public Task<Document<T>> UpsertAsync(string id, string partitionKey, T value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default)
        {
            owner.BeforeWrite();
            return inner.UpsertAsync(id, partitionKey, value, options, cancellationToken);
        }

        public Task<bool> DeleteAsync(string id, string partitionKey, string? ifMatch = null, CancellationToken cancellationToken = default)
        {
            owner.BeforeWrite();
            return inner.DeleteAsync(id, partitionKey, ifMatch, cancellationToken);
        }

        public Task<DocumentPage<T>> QueryAsync(string partitionKey, DocumentQuery? query = null, CancellationToken cancellationToken = default)
            => inner.QueryAsync(partitionKey, query, cancellationToken);
    }
}

sealed class SimulatedCrashException() : Exception("Simulated crash between two writes.");
