using System.Text.Json;
using Commerce.Documents.Cosmos;
using Commerce.Testing;
using Microsoft.Azure.Cosmos;
using Xunit;

namespace Commerce.Documents.Tests;

[Collection(CosmosServerCollection.Name)]
public sealed class CosmosContractTests(CosmosServerFixture server) : DocumentStoreContract, IAsyncLifetime
{
    private static readonly string DatabaseName = "contract-" + Guid.NewGuid().ToString("N");
    private CosmosDocumentStore? _store;

    protected override IDocumentStore Store => _store ?? throw new InvalidOperationException("Not initialized.");

    protected override string? TtlExpirySkipReason =>
        "@vercel/cosmosdb-server 1.0.1 does not implement TTL expiry (it stores `ttl` but never expires items); " +
        "Written_item_carries_ttl_in_seconds checks the adapter writes it. Real Cosmos DB expires it.";

    public ValueTask InitializeAsync()
    {
        _store = server.CreateDocumentStore(DatabaseName);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        _store?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Written_item_carries_ttl_in_seconds_and_container_honours_per_item_ttl()
    {
        var pk = NewPartition();
        await Widgets.CreateAsync("short", pk, new Widget("Short", "red", 1), new DocumentWriteOptions { TimeToLive = TimeSpan.FromSeconds(90.5) }, Ct);
        await Widgets.CreateAsync("forever", pk, new Widget("Forever", "red", 1), cancellationToken: Ct);

        var container = _store!.Client.GetContainer(DatabaseName, "widgets");
        using var shortItem = await ReadRawAsync(container, "short", pk);
        using var foreverItem = await ReadRawAsync(container, "forever", pk);
        var properties = await container.ReadContainerAsync(cancellationToken: Ct);

        Assert.Equal(91, shortItem.RootElement.GetProperty("ttl").GetInt32());
        Assert.False(foreverItem.RootElement.TryGetProperty("ttl", out _));
        Assert.Equal(-1, properties.Resource.DefaultTimeToLive);
        Assert.Equal("/pk", properties.Resource.PartitionKeyPath);
    }

    [Fact]
    public async Task Items_are_stored_as_an_envelope_with_id_pk_and_camel_case_body()
    {
        var pk = NewPartition();
        await Widgets.CreateAsync("w1", pk, new Widget("Anvil", "black", 3), cancellationToken: Ct);

        using var raw = await ReadRawAsync(_store!.Client.GetContainer(DatabaseName, "widgets"), "w1", pk);

        Assert.Equal("w1", raw.RootElement.GetProperty("id").GetString());
        Assert.Equal(pk, raw.RootElement.GetProperty("pk").GetString());
        Assert.Equal("Anvil", raw.RootElement.GetProperty("body").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Tampered_continuation_token_throws_argument_exception()
    {
        var pk = NewPartition();
        for (var i = 0; i < 3; i++)
        {
            await Widgets.CreateAsync($"w{i}", pk, new Widget($"W{i}", "red", i), cancellationToken: Ct);
        }

        await Assert.ThrowsAsync<ArgumentException>(
            () => Widgets.QueryAsync(pk, new DocumentQuery { PageSize = 1, ContinuationToken = "not-a-token{" }, Ct));
    }

    private static async Task<JsonDocument> ReadRawAsync(Container container, string id, string pk)
    {
        using var response = await container.ReadItemStreamAsync(id, new PartitionKey(pk), cancellationToken: Ct);
        response.EnsureSuccessStatusCode();
        return await JsonDocument.ParseAsync(response.Content, cancellationToken: Ct);
    }
}
