using Commerce.Testing;
using Xunit;

namespace Commerce.Documents.Tests;

/// <summary>
/// The behaviour every <see cref="IDocumentStore"/> adapter must show. Each adapter runs it through a concrete subclass.
/// Every test works in its own partition, so tests never see each other's documents.
/// </summary>
public abstract class DocumentStoreContract
{
    protected abstract IDocumentStore Store { get; }

    /// <summary>Null when the adapter expires documents by TTL; otherwise why the expiry test is skipped.</summary>
    protected virtual string? TtlExpirySkipReason => null;

    protected IDocumentContainer<Widget> Widgets => Store.Container<Widget>("widgets");

    protected IDocumentContainer<Counter> Counters => Store.Container<Counter>("counters");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected static string NewPartition() => "p-" + Guid.NewGuid().ToString("N");

    [Fact]
    public async Task Ping_succeeds_when_the_store_answers()
    {
        await Store.PingAsync(Ct);
        var health = await new DocumentStoreHealthCheck(Store).CheckHealthAsync(new(), Ct);
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, health.Status);
    }

    [Fact]
    public async Task Create_then_read_round_trips_value_and_etag()
    {
        var pk = NewPartition();
        var created = await Widgets.CreateAsync("w1", pk, new Widget("Anvil", "black", 3), cancellationToken: Ct);

        var read = await Widgets.ReadAsync("w1", pk, Ct);

        Assert.NotNull(read);
        Assert.Equal(new Widget("Anvil", "black", 3), read.Value);
        Assert.Equal("w1", read.Id);
        Assert.Equal(pk, read.PartitionKey);
        Assert.False(string.IsNullOrEmpty(created.ETag));
        Assert.Equal(created.ETag, read.ETag);
    }

    [Fact]
    public async Task Read_of_missing_document_returns_null()
    {
        Assert.Null(await Widgets.ReadAsync("nope", NewPartition(), Ct));
    }

    [Fact]
    public async Task Read_many_answers_each_existing_document_once_with_its_etag_across_partitions_and_leaves_out_missing_ones()
    {
        var (pk1, pk2) = (NewPartition(), NewPartition());
        var anvil = await Widgets.CreateAsync("w1", pk1, new Widget("Anvil", "black", 3), cancellationToken: Ct);
        var bell = await Widgets.CreateAsync("w2", pk2, new Widget("Bell", "gold", 1), cancellationToken: Ct);
        await Widgets.CreateAsync("w3", pk2, new Widget("Not asked", "red", 1), cancellationToken: Ct);
        var keys = Enumerable.Range(0, 150).Select(i => new DocumentKey("missing-" + i, pk1))
            .Concat([new("w1", pk1), new("w2", pk2), new("w2", pk2), new("w1", pk2)]).ToArray();

        var read = await Widgets.ReadManyAsync(keys, Ct);

        Assert.Equal(
            [("w1", pk1, new Widget("Anvil", "black", 3), anvil.ETag), ("w2", pk2, new Widget("Bell", "gold", 1), bell.ETag)],
            read.Select(d => (d.Id, d.PartitionKey, d.Value, d.ETag)).OrderBy(d => d.Id, StringComparer.Ordinal));
        Assert.Empty(await Widgets.ReadManyAsync([], Ct));
    }

    [Fact]
    public async Task Create_with_existing_id_in_partition_throws_conflict_and_keeps_original()
    {
        var pk = NewPartition();
        await Widgets.CreateAsync("w1", pk, new Widget("First", "red", 1), cancellationToken: Ct);

        await Assert.ThrowsAsync<DocumentConflictException>(
            () => Widgets.CreateAsync("w1", pk, new Widget("Second", "blue", 2), cancellationToken: Ct));

        Assert.Equal("First", (await Widgets.ReadAsync("w1", pk, Ct))!.Value.Name);
    }

    [Fact]
    public async Task Replace_with_current_etag_succeeds_and_changes_the_etag()
    {
        var pk = NewPartition();
        var created = await Widgets.CreateAsync("w1", pk, new Widget("Anvil", "black", 3), cancellationToken: Ct);

        var replaced = await Widgets.ReplaceAsync("w1", pk, new Widget("Anvil", "silver", 4), created.ETag, cancellationToken: Ct);

        Assert.NotEqual(created.ETag, replaced.ETag);
        var read = await Widgets.ReadAsync("w1", pk, Ct);
        Assert.Equal(new Widget("Anvil", "silver", 4), read!.Value);
        Assert.Equal(replaced.ETag, read.ETag);
    }

    [Fact]
    public async Task Replace_with_stale_etag_throws_concurrency_and_keeps_stored_value()
    {
        var pk = NewPartition();
        var created = await Widgets.CreateAsync("w1", pk, new Widget("Anvil", "black", 3), cancellationToken: Ct);
        var winner = await Widgets.ReplaceAsync("w1", pk, new Widget("Anvil", "gold", 5), created.ETag, cancellationToken: Ct);

        await Assert.ThrowsAsync<DocumentConcurrencyException>(
            () => Widgets.ReplaceAsync("w1", pk, new Widget("Anvil", "loser", 0), created.ETag, cancellationToken: Ct));

        var read = await Widgets.ReadAsync("w1", pk, Ct);
        Assert.Equal(new Widget("Anvil", "gold", 5), read!.Value);
        Assert.Equal(winner.ETag, read.ETag);
    }

    [Fact]
    public async Task Replace_of_missing_document_throws_not_found()
    {
        await Assert.ThrowsAsync<DocumentNotFoundException>(
            () => Widgets.ReplaceAsync("ghost", NewPartition(), new Widget("Ghost", "none", 0), "\"any-etag\"", cancellationToken: Ct));
    }

    [Fact]
    public async Task Upsert_creates_when_missing_and_overwrites_when_present()
    {
        var pk = NewPartition();
        var first = await Widgets.UpsertAsync("w1", pk, new Widget("One", "red", 1), cancellationToken: Ct);
        Assert.Equal("One", (await Widgets.ReadAsync("w1", pk, Ct))!.Value.Name);

        var second = await Widgets.UpsertAsync("w1", pk, new Widget("Two", "blue", 2), cancellationToken: Ct);

        var read = await Widgets.ReadAsync("w1", pk, Ct);
        Assert.Equal(new Widget("Two", "blue", 2), read!.Value);
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(second.ETag, read.ETag);
    }

    [Fact]
    public async Task Delete_without_etag_removes_the_document()
    {
        var pk = NewPartition();
        await Widgets.CreateAsync("w1", pk, new Widget("Anvil", "black", 3), cancellationToken: Ct);

        Assert.True(await Widgets.DeleteAsync("w1", pk, cancellationToken: Ct));

        Assert.Null(await Widgets.ReadAsync("w1", pk, Ct));
    }

    [Fact]
    public async Task Delete_with_current_etag_removes_the_document()
    {
        var pk = NewPartition();
        var created = await Widgets.CreateAsync("w1", pk, new Widget("Anvil", "black", 3), cancellationToken: Ct);

        Assert.True(await Widgets.DeleteAsync("w1", pk, created.ETag, Ct));

        Assert.Null(await Widgets.ReadAsync("w1", pk, Ct));
    }

    [Fact]
    public async Task Delete_with_stale_etag_throws_concurrency_and_keeps_the_document()
    {
        var pk = NewPartition();
        var created = await Widgets.CreateAsync("w1", pk, new Widget("Anvil", "black", 3), cancellationToken: Ct);
        await Widgets.ReplaceAsync("w1", pk, new Widget("Anvil", "gold", 5), created.ETag, cancellationToken: Ct);

        await Assert.ThrowsAsync<DocumentConcurrencyException>(() => Widgets.DeleteAsync("w1", pk, created.ETag, Ct));

        Assert.Equal("gold", (await Widgets.ReadAsync("w1", pk, Ct))!.Value.Color);
    }

    [Fact]
    public async Task Delete_of_missing_document_returns_false()
    {
        Assert.False(await Widgets.DeleteAsync("ghost", NewPartition(), cancellationToken: Ct));
    }

    [Fact]
    public async Task Same_id_in_two_partitions_are_distinct_documents()
    {
        string pkA = NewPartition(), pkB = NewPartition();
        await Widgets.CreateAsync("shared", pkA, new Widget("A", "red", 1), cancellationToken: Ct);
        await Widgets.CreateAsync("shared", pkB, new Widget("B", "blue", 2), cancellationToken: Ct);

        Assert.Equal("A", (await Widgets.ReadAsync("shared", pkA, Ct))!.Value.Name);
        Assert.Equal("B", (await Widgets.ReadAsync("shared", pkB, Ct))!.Value.Name);

        Assert.True(await Widgets.DeleteAsync("shared", pkA, cancellationToken: Ct));
        Assert.Null(await Widgets.ReadAsync("shared", pkA, Ct));
        Assert.Equal("B", (await Widgets.ReadAsync("shared", pkB, Ct))!.Value.Name);
    }

    [Fact]
    public async Task Same_id_and_partition_in_two_containers_are_distinct_documents()
    {
        var pk = NewPartition();
        var other = Store.Container<Widget>("gadgets");
        await Widgets.CreateAsync("x", pk, new Widget("Widget", "red", 1), cancellationToken: Ct);
        await other.CreateAsync("x", pk, new Widget("Gadget", "blue", 2), cancellationToken: Ct);

        Assert.Equal("Widget", (await Widgets.ReadAsync("x", pk, Ct))!.Value.Name);
        Assert.Equal("Gadget", (await other.ReadAsync("x", pk, Ct))!.Value.Name);
    }

    [Fact]
    public async Task Query_returns_only_the_partition_matching_the_equality_filters()
    {
        string pk = NewPartition(), otherPk = NewPartition();
        await Widgets.CreateAsync("a", pk, new Widget("A", "red", 1), cancellationToken: Ct);
        await Widgets.CreateAsync("b", pk, new Widget("B", "blue", 2), cancellationToken: Ct);
        await Widgets.CreateAsync("c", pk, new Widget("C", "red", 3, Active: false), cancellationToken: Ct);
        await Widgets.CreateAsync("d", pk, new Widget("D", "red", 4), cancellationToken: Ct);
        await Widgets.CreateAsync("a", otherPk, new Widget("A elsewhere", "red", 1), cancellationToken: Ct);

        var red = await Widgets.QueryAsync(pk, new DocumentQuery { Filters = new Dictionary<string, object?> { ["color"] = "red" } }, Ct);
        var redActive = await Widgets.QueryAsync(pk, new DocumentQuery
        {
            Filters = new Dictionary<string, object?> { ["color"] = "red", ["active"] = true },
        }, Ct);
        var rankTwo = await Widgets.QueryAsync(pk, new DocumentQuery { Filters = new Dictionary<string, object?> { ["rank"] = 2 } }, Ct);

        Assert.Equal(["a", "c", "d"], red.Items.Select(d => d.Id));
        Assert.All(red.Items, d => Assert.Equal(pk, d.PartitionKey));
        Assert.Equal(["a", "d"], redActive.Items.Select(d => d.Id));
        Assert.Equal(["b"], rankTwo.Items.Select(d => d.Id));
        Assert.Null(red.ContinuationToken);
    }

    [Fact]
    public async Task Query_orders_by_a_property_ascending_and_descending()
    {
        var pk = NewPartition();
        await Widgets.CreateAsync("a", pk, new Widget("A", "red", 30), cancellationToken: Ct);
        await Widgets.CreateAsync("b", pk, new Widget("B", "red", 10), cancellationToken: Ct);
        await Widgets.CreateAsync("c", pk, new Widget("C", "red", 20), cancellationToken: Ct);

        var ascending = await Widgets.QueryAsync(pk, new DocumentQuery { OrderBy = "rank" }, Ct);
        var descending = await Widgets.QueryAsync(pk, new DocumentQuery { OrderBy = "rank", Descending = true }, Ct);
        var byName = await Widgets.QueryAsync(pk, new DocumentQuery { OrderBy = "name", Descending = true }, Ct);

        Assert.Equal(["b", "c", "a"], ascending.Items.Select(d => d.Id));
        Assert.Equal(["a", "c", "b"], descending.Items.Select(d => d.Id));
        Assert.Equal(["c", "b", "a"], byName.Items.Select(d => d.Id));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("rank", false)]
    [InlineData("rank", true)]
    public async Task Query_pages_through_continuation_tokens_returning_every_item_exactly_once(string? orderBy, bool descending)
    {
        var pk = NewPartition();
        const int Total = 23;
        for (var i = 0; i < Total; i++)
        {
            // Ranks repeat, so paging must be stable across ties.
            await Widgets.CreateAsync($"w{i:D2}", pk, new Widget($"W{i}", i % 2 == 0 ? "red" : "blue", i % 4), cancellationToken: Ct);
        }

        await Widgets.CreateAsync("elsewhere", NewPartition(), new Widget("X", "red", 0), cancellationToken: Ct);

        var seen = new List<Document<Widget>>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await Widgets.QueryAsync(pk, new DocumentQuery { OrderBy = orderBy, Descending = descending, PageSize = 5, ContinuationToken = token }, Ct);
            Assert.True(page.Items.Count <= 5, $"page of {page.Items.Count} items exceeds the page size");
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
            Assert.True(++pages <= Total + 1, "paging did not terminate");
        }
        while (token is not null);

        Assert.Equal(Total, seen.Count);
        Assert.Equal(Total, seen.Select(d => d.Id).Distinct().Count());
        if (orderBy is not null)
        {
            var ranks = seen.Select(d => d.Value.Rank).ToList();
            Assert.Equal(descending ? ranks.OrderDescending() : ranks.Order(), ranks);
        }
        else
        {
            Assert.Equal(seen.Select(d => d.Id).Order(StringComparer.Ordinal), seen.Select(d => d.Id));
        }
    }

    [Fact]
    public async Task Document_with_ttl_becomes_invisible_to_reads_and_queries_once_expired()
    {
        Assert.SkipWhen(TtlExpirySkipReason is not null, TtlExpirySkipReason ?? string.Empty);
        var pk = NewPartition();
        await Widgets.CreateAsync("short", pk, new Widget("Short", "red", 1), new DocumentWriteOptions { TimeToLive = TimeSpan.FromSeconds(1) }, Ct);
        await Widgets.CreateAsync("forever", pk, new Widget("Forever", "red", 2), cancellationToken: Ct);

        await Eventually.UntilAsync(async () => await Widgets.ReadAsync("short", pk, Ct) is null, TimeSpan.FromSeconds(15),
            because: "a document whose TTL elapsed must not be readable", cancellationToken: Ct);

        var page = await Widgets.QueryAsync(pk, cancellationToken: Ct);
        Assert.Equal(["forever"], page.Items.Select(d => d.Id));
        Assert.NotNull(await Widgets.ReadAsync("forever", pk, Ct));
    }

    [Fact]
    public async Task Update_helper_creates_the_document_when_missing_and_modifies_it_when_present()
    {
        var pk = NewPartition();
        var created = await Counters.UpdateAsync("c", pk, c => new Counter((c?.Count ?? 0) + 1), cancellationToken: Ct);
        var updated = await Counters.UpdateAsync("c", pk, c => new Counter((c?.Count ?? 0) + 10), cancellationToken: Ct);

        Assert.Equal(1, created.Value.Count);
        Assert.Equal(11, updated.Value.Count);
        Assert.Equal(11, (await Counters.ReadAsync("c", pk, Ct))!.Value.Count);
    }

    [Fact]
    public async Task Fifty_concurrent_writers_through_the_update_helper_lose_no_increment()
    {
        var pk = NewPartition();
        const int Writers = 50;

        // The document does not exist yet: writers also race on the create.
        await Task.WhenAll(Enumerable.Range(0, Writers).Select(_ => Task.Run(
            () => Counters.UpdateAsync("hits", pk, c => new Counter((c?.Count ?? 0) + 1), cancellationToken: Ct), Ct)));

        Assert.Equal(Writers, (await Counters.ReadAsync("hits", pk, Ct))!.Value.Count);
    }
}
