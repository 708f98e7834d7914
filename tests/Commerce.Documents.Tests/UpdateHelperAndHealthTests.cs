using Microsoft.Extensions.Diagnostics.HealthChecks;
using Xunit;

namespace Commerce.Documents.Tests;

public sealed class UpdateHelperAndHealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Update_helper_gives_up_after_max_attempts_with_the_last_concurrency_failure()
    {
        var container = new AlwaysLosingContainer();

        await Assert.ThrowsAsync<DocumentConcurrencyException>(
            () => container.UpdateAsync("id", "pk", c => new Counter((c?.Count ?? 0) + 1), maxAttempts: 4, cancellationToken: Ct));

        Assert.Equal(4, container.Replaces);
    }

    [Fact]
    public async Task Health_check_is_unhealthy_with_the_store_error_message()
    {
        var check = new DocumentStoreHealthCheck(new UnreachableStore());

        var result = await check.CheckHealthAsync(new HealthCheckContext(), Ct);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("store is down", result.Description);
    }

    [Fact]
    public async Task Health_check_is_healthy_when_the_store_answers()
    {
        var dataPath = Directory.CreateTempSubdirectory("docstore-health-").FullName;
        using var store = new Sqlite.SqliteDocumentStore(dataPath);

        var result = await new DocumentStoreHealthCheck(store).CheckHealthAsync(new HealthCheckContext(), Ct);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }

    private sealed class UnreachableStore : IDocumentStore
    {
        public IDocumentContainer<T> Container<T>(string name) where T : class => throw new NotSupportedException();

        public Task PingAsync(CancellationToken cancellationToken = default) =>
            Task.FromException(new DocumentStoreUnavailableException("store is down"));
    }

    private sealed class AlwaysLosingContainer : IDocumentContainer<Counter>
    {
        public int Replaces { get; private set; }

        public Task<Document<Counter>?> ReadAsync(string id, string partitionKey, CancellationToken cancellationToken = default) =>
            Task.FromResult<Document<Counter>?>(new Document<Counter>(id, partitionKey, new Counter(1), "\"e\""));

        public Task<Document<Counter>> ReplaceAsync(string id, string partitionKey, Counter value, string ifMatch, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default)
        {
            Replaces++;
            return Task.FromException<Document<Counter>>(new DocumentConcurrencyException("counters", id));
        }

        public Task<Document<Counter>> CreateAsync(string id, string partitionKey, Counter value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<Document<Counter>> UpsertAsync(string id, string partitionKey, Counter value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<bool> DeleteAsync(string id, string partitionKey, string? ifMatch = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public Task<DocumentPage<Counter>> QueryAsync(string partitionKey, DocumentQuery? query = null, CancellationToken cancellationToken = default) => throw new NotSupportedException();
    }
}
