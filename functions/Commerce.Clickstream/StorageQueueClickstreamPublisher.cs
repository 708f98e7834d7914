using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Commerce.Contracts;

namespace Commerce.Clickstream;

/// <summary>
/// The clickstream over Storage queues, for apps run apart on one machine (<c>func start</c> over Azurite) where no
/// Event Hub exists. In Azure every consumer reads the hub through its own consumer group, so each gets every event;
/// here every consumer has its own queue (<see cref="Queues"/>, <c>clickstream-</c> and the consumer's name) and each
/// event is sent to each of them: one message per event and queue, its body the same JSON an Event Hubs message
/// carries, base64 as the Functions queue trigger expects. Each consumer's queue trigger hands the bodies to the same
/// handler as its Event Hub trigger. A local transport only: an app in Azure refuses to start with it
/// (<see cref="ClickstreamOptionsValidation"/>). A queue is created when the first send finds none.
/// </summary>
public sealed class StorageQueueClickstreamPublisher(IReadOnlyList<QueueClient> queues) : IClickstreamPublisher
{
    /// <summary>The analytics app's queue (its Event Hubs consumer group in Azure: <c>EventHubs:consumerGroup</c>).</summary>
    public const string AnalyticsQueue = "clickstream-analytics";

    /// <summary>The pricing app's queue (its Event Hubs consumer group in Azure: <c>EventHubs:pricingConsumerGroup</c>).</summary>
    public const string PricingQueue = "clickstream-pricing";

    /// <summary>Every consumer's queue: each event goes to each.</summary>
    public static readonly IReadOnlyList<string> Queues = [AnalyticsQueue, PricingQueue];

    /// <summary>The setting holding the storage connection string (the consumers' queue triggers read the same one).</summary>
    public const string Connection = "ClickstreamQueue";

    /// <summary>The clients of every consumer's queue on the account of the connection string <paramref name="connectionString"/>.</summary>
    public static IReadOnlyList<QueueClient> CreateQueues(string connectionString)
        => [.. Queues.Select(queue => new QueueClient(connectionString, queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }))];

    public async Task PublishAsync(IReadOnlyList<StorefrontEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            var body = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(e, StorefrontEventWireJson.Default.StorefrontEvent));
            foreach (var queue in queues)
            {
                await SendAsync(queue, body, cancellationToken);
            }
        }
    }

    static async Task SendAsync(QueueClient queue, BinaryData body, CancellationToken cancellationToken)
    {
        try
        {
            await queue.SendMessageAsync(body, cancellationToken: cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            await queue.SendMessageAsync(body, cancellationToken: cancellationToken);
        }
    }
}
