using Commerce.Documents.Sqlite;
using Microsoft.Data.Sqlite;
using Xunit;

namespace Commerce.Documents.Tests;

/// <summary>What the embedded adapter does beyond the contract: tokens, sweep, files.</summary>
public sealed class SqliteDocumentStoreTests : IDisposable
{
    private readonly string _dataPath = Directory.CreateTempSubdirectory("docstore-unit-").FullName;
    private readonly ManualClock _clock = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataPath, recursive: true);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("eyJ2IjoxfQ")] // {"v":1}: valid base64 and JSON, missing fields
    [InlineData("")]
    public async Task Tampered_continuation_token_throws_argument_exception_naming_the_token(string token)
    {
        using var store = new SqliteDocumentStore(_dataPath);
        var widgets = store.Container<Widget>("widgets");
        await widgets.CreateAsync("a", "pk", new Widget("A", "red", 1), cancellationToken: Ct);

        var ex = await Assert.ThrowsAsync<ArgumentException>(
            () => widgets.QueryAsync("pk", new DocumentQuery { ContinuationToken = token }, Ct));

        Assert.Equal(nameof(DocumentQuery.ContinuationToken), ex.ParamName);
        Assert.Contains("continuation token is not valid", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Continuation_token_from_a_differently_ordered_query_is_rejected()
    {
        using var store = new SqliteDocumentStore(_dataPath);
        var widgets = store.Container<Widget>("widgets");
        for (var i = 0; i < 3; i++)
        {
            await widgets.CreateAsync($"w{i}", "pk", new Widget($"W{i}", "red", i), cancellationToken: Ct);
        }

        var page = await widgets.QueryAsync("pk", new DocumentQuery { OrderBy = "rank", PageSize = 1 }, Ct);
        Assert.NotNull(page.ContinuationToken);

        await Assert.ThrowsAsync<ArgumentException>(() => widgets.QueryAsync("pk",
            new DocumentQuery { OrderBy = "rank", Descending = true, PageSize = 1, ContinuationToken = page.ContinuationToken }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => widgets.QueryAsync("pk",
            new DocumentQuery { OrderBy = "name", PageSize = 1, ContinuationToken = page.ContinuationToken }, Ct));
    }

    [Theory]
    [InlineData("name'); DROP TABLE documents; --")]
    [InlineData("a.b")]
    [InlineData("")]
    public async Task Query_on_an_unsafe_property_name_is_rejected(string property)
    {
        using var store = new SqliteDocumentStore(_dataPath);
        var widgets = store.Container<Widget>("widgets");

        await Assert.ThrowsAsync<ArgumentException>(() => widgets.QueryAsync("pk", new DocumentQuery { OrderBy = property }, Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => widgets.QueryAsync("pk",
            new DocumentQuery { Filters = new Dictionary<string, object?> { [property] = "x" } }, Ct));
    }

    [Fact]
    public async Task Paging_orders_documents_missing_the_sort_property_first_and_keeps_every_item_once()
    {
        using var store = new SqliteDocumentStore(_dataPath);
        var loose = store.Container<Dictionary<string, object>>("loose");
        for (var i = 0; i < 7; i++)
        {
            var body = new Dictionary<string, object> { ["n"] = i };
            if (i % 3 != 0)
            {
                body["rank"] = i % 2 == 0 ? (object)(i * 1.5) : i;
            }

            await loose.CreateAsync($"d{i}", "pk", body, cancellationToken: Ct);
        }

        foreach (var descending in new[] { false, true })
        {
            var ids = new List<string>();
            string? token = null;
            do
            {
                var page = await loose.QueryAsync("pk", new DocumentQuery { OrderBy = "rank", Descending = descending, PageSize = 2, ContinuationToken = token }, Ct);
                ids.AddRange(page.Items.Select(d => d.Id));
                token = page.ContinuationToken;
            }
            while (token is not null);

            Assert.Equal(7, ids.Distinct().Count());
            Assert.Equal(7, ids.Count);
            // d0, d3, d6 have no rank: SQLite sorts them first ascending, last descending.
            var missing = descending ? ids.TakeLast(3) : ids.Take(3);
            Assert.Equal(descending ? ["d6", "d3", "d0"] : ["d0", "d3", "d6"], missing);
        }
    }

    [Fact]
    public async Task Sweep_physically_deletes_expired_documents_and_keeps_live_ones()
    {
        using var store = new SqliteDocumentStore(_dataPath, sweepInterval: null, timeProvider: _clock);
        var widgets = store.Container<Widget>("widgets");
        await widgets.CreateAsync("short", "pk", new Widget("S", "red", 1), new DocumentWriteOptions { TimeToLive = TimeSpan.FromMinutes(5) }, Ct);
        await widgets.CreateAsync("long", "pk", new Widget("L", "red", 1), new DocumentWriteOptions { TimeToLive = TimeSpan.FromHours(5) }, Ct);
        await widgets.CreateAsync("forever", "pk", new Widget("F", "red", 1), cancellationToken: Ct);

        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(await widgets.ReadAsync("short", "pk", Ct));
        Assert.Equal(3, await CountRowsAsync(store));

        Assert.Equal(1, await store.SweepExpiredAsync(Ct));

        Assert.Equal(2, await CountRowsAsync(store));
        Assert.NotNull(await widgets.ReadAsync("long", "pk", Ct));
        Assert.NotNull(await widgets.ReadAsync("forever", "pk", Ct));
    }

    [Fact]
    public async Task Expired_but_unswept_document_does_not_block_create_and_cannot_be_replaced_or_deleted()
    {
        using var store = new SqliteDocumentStore(_dataPath, sweepInterval: null, timeProvider: _clock);
        var widgets = store.Container<Widget>("widgets");
        var old = await widgets.CreateAsync("x", "pk", new Widget("Old", "red", 1), new DocumentWriteOptions { TimeToLive = TimeSpan.FromSeconds(1) }, Ct);
        _clock.Advance(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAsync<DocumentNotFoundException>(() => widgets.ReplaceAsync("x", "pk", new Widget("R", "red", 1), old.ETag, cancellationToken: Ct));
        Assert.False(await widgets.DeleteAsync("x", "pk", old.ETag, Ct));
        var created = await widgets.CreateAsync("x", "pk", new Widget("New", "blue", 2), cancellationToken: Ct);

        var read = await widgets.ReadAsync("x", "pk", Ct);
        Assert.Equal("New", read!.Value.Name);
        Assert.Equal(created.ETag, read.ETag);
        _clock.Advance(TimeSpan.FromDays(365));
        Assert.NotNull(await widgets.ReadAsync("x", "pk", Ct));
    }

    [Fact]
    public async Task Documents_survive_reopening_the_store_on_the_same_folder()
    {
        using (var first = new SqliteDocumentStore(_dataPath))
        {
            await first.Container<Widget>("widgets").CreateAsync("kept", "pk", new Widget("Kept", "red", 1), cancellationToken: Ct);
        }

        using var second = new SqliteDocumentStore(_dataPath);
        Assert.Equal("Kept", (await second.Container<Widget>("widgets").ReadAsync("kept", "pk", Ct))!.Value.Name);
        Assert.True(File.Exists(Path.Combine(_dataPath, SqliteDocumentStore.FileName)));
    }

    [Fact]
    public async Task Database_runs_in_wal_mode()
    {
        using var store = new SqliteDocumentStore(_dataPath);
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task Bodies_are_stored_as_camel_case_json()
    {
        using var store = new SqliteDocumentStore(_dataPath);
        await store.Container<Widget>("widgets").CreateAsync("w", "pk", new Widget("Anvil", "black", 3), cancellationToken: Ct);
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM documents WHERE id = 'w'";

        Assert.Equal("""{"name":"Anvil","color":"black","rank":3,"active":true}""", (string?)await command.ExecuteScalarAsync(Ct));
    }

    private static async Task<long> CountRowsAsync(SqliteDocumentStore store)
    {
        await using var connection = new SqliteConnection($"Data Source={store.DatabasePath}");
        await connection.OpenAsync(Ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM documents";
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}

internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
