using System.Net.Http;
using Commerce.Documents.Sqlite;
using Commerce.ServiceDefaults;
using Commerce.Testing;
using Xunit;

namespace Commerce.Documents.Tests;

/// <summary>The retrying decorator every app's store sits behind, and the one transient-failure classification.</summary>
public sealed class ResilientDocumentStoreTests : IDisposable
{
    readonly string root = Path.Combine(Path.GetTempPath(), "docstore-resilient-" + Guid.NewGuid().ToString("N"));
    readonly SqliteDocumentStore sqlite;

    public ResilientDocumentStoreTests() => sqlite = new SqliteDocumentStore(root);

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        sqlite.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>A store whose containers throw <paramref name="failure"/> for the first <paramref name="failures"/> calls.</summary>
    sealed class Failing(IDocumentStore inner, int failures, Func<Exception> failure) : FaultInjectingDocumentStore(inner)
    {
        int left = failures;

        protected override Exception? FaultFor(DocumentCall call)
            => call.Operation != DocumentOperation.Ping && Interlocked.Decrement(ref left) >= 0 ? failure() : null;
    }

    static DocumentStoreUnavailableException Unavailable() => new("throttled");

    [Fact]
    public async Task Transient_failures_fewer_than_the_attempts_are_retried_away()
    {
        var failing = new Failing(sqlite, ResilientDocumentStore.DefaultMaxAttempts - 1, Unavailable);
        var store = new ResilientDocumentStore(failing);

        await store.Container<Widget>("things").UpsertAsync("a", "p", new Widget("x", "red", 1), cancellationToken: Ct);

        Assert.Equal(ResilientDocumentStore.DefaultMaxAttempts, failing.Calls);
        Assert.NotNull(await sqlite.Container<Widget>("things").ReadAsync("a", "p", Ct));
    }

    [Fact]
    public async Task A_store_that_stays_unavailable_fails_after_the_attempts_with_the_transient_exception()
    {
        var failing = new Failing(sqlite, int.MaxValue, Unavailable);
        var store = new ResilientDocumentStore(failing);

        var ex = await Assert.ThrowsAsync<DocumentStoreUnavailableException>(() => store.Container<Widget>("things").ReadAsync("a", "p", Ct));

        Assert.Equal(ResilientDocumentStore.DefaultMaxAttempts, failing.Calls);
        Assert.True(TransientFailures.IsTransient(ex));
    }

    [Fact]
    public async Task Other_failures_are_not_retried()
    {
        var failing = new Failing(sqlite, 1, () => new DocumentConcurrencyException("things", "a"));
        var store = new ResilientDocumentStore(failing);

        await Assert.ThrowsAsync<DocumentConcurrencyException>(() => store.Container<Widget>("things").ReadAsync("a", "p", Ct));

        Assert.Equal(1, failing.Calls);
    }

    [Fact]
    public void Transient_means_unavailable_timed_out_throttled_or_unreachable_and_nothing_else()
    {
        Assert.True(TransientFailures.IsTransient(Unavailable()));
        Assert.True(TransientFailures.IsTransient(new TimeoutException()));
        Assert.True(TransientFailures.IsTransient(new HttpRequestException("refused")));
        Assert.True(TransientFailures.IsTransient(new Azure.RequestFailedException(429, "throttled")));
        Assert.True(TransientFailures.IsTransient(new Azure.RequestFailedException(503, "down")));
        Assert.True(TransientFailures.IsTransient(new InvalidOperationException("wrapped", new TimeoutException())));
        Assert.True(TransientFailures.IsTransient(new AggregateException(Unavailable())));

        Assert.False(TransientFailures.IsTransient(new Azure.RequestFailedException(404, "missing")));
        Assert.False(TransientFailures.IsTransient(new DocumentConflictException("c", "id")));
        Assert.False(TransientFailures.IsTransient(new InvalidOperationException("bug")));
        Assert.False(TransientFailures.IsTransient(null));
    }
}
