using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Contracts;
using Commerce.DevHost.Functions;
using Commerce.Documents;
using Commerce.Replenishment.Domain;
using Commerce.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Replenishment.IntegrationTests;

/// <summary>
/// Stock that arrives for a suggested order: a warehouse's level on stock-levels with what it received (and, when it
/// knows it, the order it received against), through the dev host's orders and replenishment apps.
/// </summary>
public sealed class StockReceiptTests(ReplenishmentHost host) : IClassFixture<ReplenishmentHost>
{
    /// <summary>Where the orders app passes receipts on to replenishment.</summary>
    const string ReceiptQueue = "stock-receipts";

    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    IDevHostQueues Queues => host.Services.GetRequiredService<IDevHostQueues>();

    IDocumentContainer<Suggestion> Suggestions => host.Services.GetRequiredService<IDocumentStore>().Container<Suggestion>(ReplenishmentRuns.SuggestionContainer);

    static string NewSku() => "RC-" + Guid.NewGuid().ToString("N")[..8];

    static string PurchaseId(DateOnly day, string warehouse) => $"purchase|{DemandHistory.DayKey(day)}|acme|{warehouse}";

    /// <summary>A purchase of <paramref name="quantity"/> units from acme for wh-east, suggested and sent on <paramref name="day"/>.</summary>
    async Task OrderedAsync(string sku, DateOnly day, int quantity) =>
        await Suggestions.UpsertAsync(ReplenishmentRuns.SuggestionId(day, "wh-east"), sku, new Suggestion
        {
            Sku = sku,
            Warehouse = "wh-east",
            Day = day,
            RunId = "run-" + DemandHistory.DayKey(day),
            Supplier = "acme",
            PurchaseQuantity = quantity,
            Sent = true,
        }, cancellationToken: Cancel);

    static string Level(string sku, long onHand, long sequence, long received, string? reference = null) => JsonSerializer.Serialize(new
    {
        warehouseId = "wh-east",
        sku,
        onHand,
        sequence,
        received = new { quantity = received, reference },
    });

    /// <summary>
    /// wh-east's open orders of the SKU as the staff read shows them: day, units ordered, units received (none when the
    /// read does not know the SKU: these SKUs have nothing shipped or planned, so with no open order left it is not found).
    /// </summary>
    async Task<List<(DateOnly Day, int Ordered, int Received)>> OpenOrdersAsync(string sku)
    {
        using var staff = host.CreateStaffClient();
        using var response = await staff.GetAsync($"/api/admin/replenishment/{sku}", Cancel);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }

        var read = await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>(Cancel);
        var east = read.GetProperty("warehouses").EnumerateArray().Single(w => w.GetProperty("warehouse").GetString() == "wh-east");
        return [.. east.GetProperty("openOrders").EnumerateArray().Select(o => (
            DateOnly.Parse(o.GetProperty("day").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            o.GetProperty("purchaseQuantity").GetInt32(),
            o.GetProperty("received").GetInt32()))];
    }

    async Task<long?> LevelAsync(string sku) =>
        (await host.Services.GetRequiredService<IDocumentStore>().Container<SkuInventory>(SkuInventory.Container).ReadAsync(sku, sku, Cancel))
            ?.Value.Warehouses.SingleOrDefault(w => w.WarehouseId == "wh-east")?.Level;

    [Fact]
    public async Task A_receipt_naming_its_order_part_receives_it_and_the_rest_arriving_closes_it()
    {
        var sku = NewSku();
        await OrderedAsync(sku, Today.AddDays(-2), 40);

        await Queues.SendAsync("stock-levels", Level(sku, 15, 1, 15, PurchaseId(Today.AddDays(-2), "wh-east")), Cancel);

        await Eventually.UntilAsync(async () => (await OpenOrdersAsync(sku)).SequenceEqual([(Today.AddDays(-2), 40, 15)]), Deadline, because: "15 of the 40 units to show received", cancellationToken: Cancel);

        // The same message again (a redelivery) counts nothing twice; the rest then closes the order.
        await Queues.SendAsync("stock-levels", Level(sku, 15, 1, 15, PurchaseId(Today.AddDays(-2), "wh-east")), Cancel);
        await Queues.SendAsync("stock-levels", Level(sku, 40, 2, 25, PurchaseId(Today.AddDays(-2), "wh-east")), Cancel);

        await Eventually.UntilAsync(async () => (await OpenOrdersAsync(sku)).Count == 0, Deadline, because: "the fully received order to leave the open list", cancellationToken: Cancel);
        var order = (await Suggestions.ReadAsync(ReplenishmentRuns.SuggestionId(Today.AddDays(-2), "wh-east"), sku, Cancel))!.Value;
        Assert.Equal((40, 0), (order.Received, order.Outstanding));
        Assert.Equal(40, await LevelAsync(sku));
    }

    [Fact]
    public async Task A_receipt_without_a_reference_receives_the_oldest_open_order_of_the_sku_at_that_warehouse_first()
    {
        var sku = NewSku();
        await OrderedAsync(sku, Today.AddDays(-3), 10);
        await OrderedAsync(sku, Today.AddDays(-1), 20);

        await Queues.SendAsync("stock-levels", Level(sku, 15, 1, 15), Cancel);

        await Eventually.UntilAsync(async () => (await OpenOrdersAsync(sku)).SequenceEqual([(Today.AddDays(-1), 20, 5)]), Deadline, because: "the older order to close and the newer one to get the other 5 units", cancellationToken: Cancel);
    }

    [Theory]
    [InlineData(-5, 10, null, "received.quantity must be positive")]
    [InlineData(11, 10, null, "must not exceed the level")]
    [InlineData(5, 10, "purchase|2026-11-30|acme|wh-west", "is not a replenishment order to wh-east")]
    public async Task A_level_with_a_malformed_receipt_is_poisoned_with_its_reason_and_changes_nothing(int received, int onHand, string? reference, string reason)
    {
        var sku = NewSku();
        await OrderedAsync(sku, Today.AddDays(-1), 20);
        var body = Level(sku, onHand, 1, received, reference);

        await Queues.SendAsync("stock-levels", body, Cancel);

        await Eventually.UntilAsync(() => Queues.Poisoned.Any(p => p.Body == body), Deadline, because: "the level to be poisoned", cancellationToken: Cancel);
        Assert.Contains(reason, Queues.Poisoned.Single(p => p.Body == body).Reason, StringComparison.Ordinal);
        Assert.Null(await LevelAsync(sku));
        Assert.Equal([(Today.AddDays(-1), 20, 0)], await OpenOrdersAsync(sku));
    }

    [Theory]
    [InlineData(5, "purchase|2020-01-01|acme|wh-east", "names no order of")]
    [InlineData(21, null, "exceeds the 20 units still open")]
    public async Task A_receipt_against_an_unknown_order_or_beyond_what_the_order_has_open_is_poisoned_with_its_reason_and_receives_nothing(int received, string? reference, string reason)
    {
        var sku = NewSku();
        await OrderedAsync(sku, Today.AddDays(-1), 20);

        await Queues.SendAsync("stock-levels", Level(sku, 30, 1, received, reference ?? PurchaseId(Today.AddDays(-1), "wh-east")), Cancel);

        await Eventually.UntilAsync(() => Queues.Poisoned.Any(p => p.Queue == ReceiptQueue && p.Body.Contains(sku, StringComparison.Ordinal)), Deadline, because: "the receipt to be poisoned", cancellationToken: Cancel);
        Assert.Contains(reason, Queues.Poisoned.Single(p => p.Queue == ReceiptQueue && p.Body.Contains(sku, StringComparison.Ordinal)).Reason, StringComparison.Ordinal);
        Assert.Equal([(Today.AddDays(-1), 20, 0)], await OpenOrdersAsync(sku));
    }
}
