using Azure.Storage.Queues;
using Commerce.Orders.Adapters;
using Commerce.Orders.Domain;
using Commerce.Testing;
using Microsoft.Extensions.Configuration;

namespace Commerce.Orders.IntegrationTests;

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "orders-azurite";
}

/// <summary>The Azure Storage queue adapter against Azurite's queues.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageQueueSenderTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Fulfilment_requests_land_on_the_storage_queue_base64_encoded_as_the_queue_trigger_expects()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = azurite.ConnectionString }).Build();
        IQueueSender sender = new StorageQueueSender(StorageQueueSender.CreateClient(configuration));
        var queue = "fulfilment-" + Guid.NewGuid().ToString("N")[..8];

        await sender.SendAsync(queue, "{\"orderId\":\"ord_1\"}", TestContext.Current.CancellationToken);
        await sender.SendAsync(queue, "{\"orderId\":\"ord_2\"}", TestContext.Current.CancellationToken);

        var raw = new QueueClient(azurite.ConnectionString, queue);
        var peeked = await raw.PeekMessagesAsync(1, TestContext.Current.CancellationToken);
        Assert.StartsWith("{\"orderId\":\"ord_", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(peeked.Value[0].MessageText)), StringComparison.Ordinal);

        var reader = new QueueClient(azurite.ConnectionString, queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var received = await reader.ReceiveMessagesAsync(10, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(["{\"orderId\":\"ord_1\"}", "{\"orderId\":\"ord_2\"}"], received.Value.Select(m => m.Body.ToString()).Order());
    }

    [Fact]
    public void Without_a_storage_setting_the_adapter_says_which_settings_it_needs()
    {
        var ex = Assert.Throws<InvalidOperationException>(() => StorageQueueSender.CreateClient(new ConfigurationBuilder().Build()));

        Assert.Contains("AzureWebJobsStorage__queueServiceUri", ex.Message, StringComparison.Ordinal);
    }
}
