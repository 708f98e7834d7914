using System.Text.Json;
using Commerce.Contracts;
using Commerce.DevHost.Functions;
using Commerce.Primitives;
using Commerce.Replenishment.Domain;
using Commerce.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Replenishment.IntegrationTests;

/// <summary>The demand history's feed: what the orders app publishes on shipped-units, through the dev host's queue trigger.</summary>
public sealed class ShippedDemandFeedTests(ReplenishmentHost host) : IClassFixture<ReplenishmentHost>
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    IDevHostQueues Queues => host.Services.GetRequiredService<IDevHostQueues>();

    DemandHistory History => host.Services.GetRequiredService<DemandHistory>();

    static string Message(string id, string warehouse, DateTimeOffset at, params (string Sku, int Quantity)[] lines) =>
        JsonSerializer.Serialize(new ShippedUnits { Id = id, WarehouseId = warehouse, ShippedAt = at, Lines = [.. lines.Select(l => new ShippedLine(l.Sku, l.Quantity))] }, CommerceJson.Options);

    async Task<float[]> DaysAsync(string sku, string warehouse, DateOnly from, DateOnly through) =>
        (await History.SkuAsync(sku, from, through, Cancel)).SingleOrDefault(s => s.Warehouse == warehouse)?.Quantities ?? [];

    [Fact]
    public async Task Shipped_units_count_into_the_warehouses_day_once_however_often_the_message_is_delivered()
    {
        var sku = "F-" + Guid.NewGuid().ToString("N")[..8];
        var monday = new DateOnly(2026, 11, 23);
        var at = new DateTimeOffset(2026, 11, 23, 22, 30, 0, TimeSpan.Zero);

        await Queues.SendAsync(ShippedUnits.Queue, Message("ship:o-1:wh-east", "wh-east", at, (sku, 2)), Cancel);
        await Queues.SendAsync(ShippedUnits.Queue, Message("ship:o-1:wh-east", "wh-east", at, (sku, 2)), Cancel);
        await Queues.SendAsync(ShippedUnits.Queue, Message("ship:o-2:wh-east", "wh-east", at.AddHours(2), (sku, 3)), Cancel);
        await Queues.SendAsync(ShippedUnits.Queue, Message("ship:o-3:wh-west", "wh-west", at, (sku, 4)), Cancel);

        await Eventually.UntilAsync(async () => (await DaysAsync(sku, "wh-west", monday, monday)).SequenceEqual([4f]), Deadline, because: "wh-west's shipment to be counted", cancellationToken: Cancel);
        await Eventually.UntilAsync(async () => (await DaysAsync(sku, "wh-east", monday, monday.AddDays(1))).SequenceEqual([2f, 3f]), Deadline, because: "wh-east's two orders to count once each, on their UTC days", cancellationToken: Cancel);
        var record = await host.Services.GetRequiredService<Commerce.Documents.IDocumentStore>().Container<DemandRecord>(DemandHistory.Container)
            .ReadAsync(DemandHistory.IdOf(sku, "wh-east"), DemandPartitions.Of(sku), Cancel);
        // The queue delivers messages concurrently: each source once, in whatever order they were counted.
        Assert.Equal(["ship:o-1:wh-east", "ship:o-2:wh-east"], record!.Value.Sources.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{"id":"ship:o:wh-east","warehouseId":"wh-east","shippedAt":"2026-11-23T10:00:00Z","lines":[{"sku":"S","quantity":-1}]}""", "positive quantity")]
    [InlineData("""{"id":"ship:o:wh-east","warehouseId":"wh-east","shippedAt":"2026-11-23T10:00:00Z","lines":[]}""", "at least one line")]
    [InlineData("""not json""", "Not a shipped-units message")]
    public async Task A_malformed_shipped_units_message_is_poisoned_with_its_reason(string body, string reason)
    {
        var marked = body.Replace("ship:o:", "ship:" + Guid.NewGuid().ToString("N")[..6] + ":", StringComparison.Ordinal);
        marked = marked == body ? body + " " + Guid.NewGuid().ToString("N") : marked;

        await Queues.SendAsync(ShippedUnits.Queue, marked, Cancel);

        await Eventually.UntilAsync(() => Queues.Poisoned.Any(p => p.Body == marked), Deadline, because: "the malformed message to be poisoned", cancellationToken: Cancel);
        Assert.Contains(reason, Queues.Poisoned.Single(p => p.Body == marked).Reason, StringComparison.Ordinal);
    }
}
