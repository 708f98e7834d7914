using Azure.Storage.Queues;
using Commerce.Orders.Domain;
using Commerce.Testing;

namespace Commerce.Simulator.Tests;

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "simulator-azurite";
}

/// <summary>Against a deployed app, warehouses write to Azure Storage queues; here, Azurite's.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageWarehouseQueuesTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Stock_levels_reach_the_storage_queue_in_the_encoding_and_shape_the_queue_trigger_parses()
    {
        var queues = await StorageWarehouseQueues.CreateAsync(new SimulatorOptions { StorageConnectionString = azurite.ConnectionString }, new Metrics(), TestContext.Current.CancellationToken);
        var warehouses = new Warehouses(queues, new CheckoutLedger(), new Metrics(), seed: 7);
        var sku = "SIM-" + Guid.NewGuid().ToString("N")[..8];
        var reader = new QueueClient(azurite.ConnectionString, WarehouseQueues.StockLevels, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

        await warehouses.StockAsync([sku], maxPerWarehouse: 5, TestContext.Current.CancellationToken);

        var received = new List<StockLevelMessage>();
        await Eventually.UntilAsync(async () =>
        {
            foreach (var message in (await reader.ReceiveMessagesAsync(32, cancellationToken: TestContext.Current.CancellationToken)).Value)
            {
                var level = WarehouseMessageParser.ParseStockLevel(message.Body.ToString(), OrdersOptions.DefaultWarehouses);
                if (level.Sku == sku)
                {
                    received.Add(level);
                }
            }

            return received.Count >= 3;
        }, TimeSpan.FromSeconds(30), cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(Warehouses.Ids.Order(), received.Select(l => l.WarehouseId).Order());
        Assert.All(received, l => Assert.Equal(1, l.Sequence));
        Assert.Equal(warehouses.StockSupplied[sku], received.Sum(l => l.OnHand));
    }
}
