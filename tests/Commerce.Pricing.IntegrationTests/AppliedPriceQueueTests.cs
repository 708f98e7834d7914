using Azure.Storage.Queues;
using Commerce.Contracts;
using Commerce.Pricing.Domain;
using Commerce.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Pricing.IntegrationTests;

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "pricing-azurite";
}

/// <summary>The pricing app's Azure Storage adapter for the applied-prices queue, as the app registers it, against Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AppliedPriceQueueTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task An_applied_price_names_its_sku_on_the_catalog_s_queue_base64_encoded_as_the_queue_trigger_expects()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [PricingRegistration.AppliedPriceQueueSection] = azurite.ConnectionString,
            ["Pricing:RunSchedule"] = "0 0 4 * * *",
        }).Build();
        await using var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddPricing(configuration).BuildServiceProvider();
        var sku = "SKU-" + Guid.NewGuid().ToString("N")[..8];

        await services.GetRequiredService<IAppliedPriceNotifier>().NotifyAsync(sku, TestContext.Current.CancellationToken);

        var raw = new QueueClient(azurite.ConnectionString, AppliedPrice.Queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var received = await raw.ReceiveMessagesAsync(32, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Contains(sku, received.Value.Select(m => m.Body.ToString()));
    }
}
