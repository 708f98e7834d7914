using System.Text.Json;
using Azure;
using Azure.Storage.Queues;
using Commerce.Contracts;

namespace Commerce.Clickstream;

/// <summary>
/// The clickstream over a Storage queue, for apps run apart on one machine (<c>func start</c> over Azurite) where no
/// Event Hub exists: one message per event, its body the same JSON an Event Hubs message carries, base64 as the
/// Functions queue trigger expects. The analytics app's queue trigger hands the bodies to the same batch processor as
/// its Event Hub trigger. A local transport only: an app in Azure refuses to start with it
/// (<see cref="ClickstreamOptionsValidation"/>). The queue is created when the first send finds none.
/// </summary>
public sealed class StorageQueueClickstreamPublisher(QueueClient queue) : IClickstreamPublisher
{
    /// <summary>The queue's name.</summary>
    public const string Queue = "clickstream";

    /// <summary>The setting holding the storage connection string (the analytics app's trigger reads the same one).</summary>
    public const string Connection = "ClickstreamQueue";

    /// <summary>The queue client for the connection string <paramref name="connectionString"/>.</summary>
    public static QueueClient CreateQueue(string connectionString)
        => new(connectionString, Queue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public async Task PublishAsync(IReadOnlyList<StorefrontEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var e in events)
        {
            var body = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(e, StorefrontEventWireJson.Default.StorefrontEvent));
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
}
