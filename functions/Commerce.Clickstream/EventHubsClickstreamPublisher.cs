using System.Text.Json;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Commerce.Contracts;
using Microsoft.Extensions.Logging;

namespace Commerce.Clickstream;

/// <summary>
/// Publishes storefront events to Event Hubs: one message per event (JSON body, message id = event id, the publisher's W3C
/// <c>traceparent</c> as an application property), partition
/// key = session id so a session's events stay in order on one partition, packed into <see cref="EventDataBatch"/>es
/// that the producer fills up to the hub's size limit (a full batch is sent and a new one started). Transient failures
/// are retried by the client's retry policy (<see cref="CreateClientOptions"/>).
/// </summary>
public sealed partial class EventHubsClickstreamPublisher(EventHubProducerClient producer, ILogger<EventHubsClickstreamPublisher> logger) : IClickstreamPublisher
{
    public static EventHubProducerClientOptions CreateClientOptions() => new()
    {
        RetryOptions = new EventHubsRetryOptions
        {
            Mode = EventHubsRetryMode.Exponential,
            MaximumRetries = 5,
            Delay = TimeSpan.FromMilliseconds(200),
            MaximumDelay = TimeSpan.FromSeconds(5),
            TryTimeout = TimeSpan.FromSeconds(30),
        },
    };

    public async Task PublishAsync(IReadOnlyList<StorefrontEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        foreach (var session in events.GroupBy(e => e.SessionId, StringComparer.Ordinal))
        {
            await PublishSessionAsync(session.Key, session, cancellationToken);
        }
    }

    async Task PublishSessionAsync(string sessionId, IEnumerable<StorefrontEvent> events, CancellationToken cancellationToken)
    {
        var options = new CreateBatchOptions { PartitionKey = sessionId };
        var batch = await producer.CreateBatchAsync(options, cancellationToken);
        try
        {
            foreach (var e in events)
            {
                var data = ToEventData(e);
                if (batch.TryAdd(data))
                {
                    continue;
                }

                if (batch.Count == 0)
                {
                    throw new InvalidOperationException($"Event '{e.Id}' is larger than an Event Hubs batch allows ({batch.MaximumSizeInBytes} bytes).");
                }

                await SendAsync(batch, sessionId, cancellationToken);
                batch.Dispose();
                batch = await producer.CreateBatchAsync(options, cancellationToken);
                if (!batch.TryAdd(data))
                {
                    throw new InvalidOperationException($"Event '{e.Id}' is larger than an Event Hubs batch allows ({batch.MaximumSizeInBytes} bytes).");
                }
            }

            if (batch.Count > 0)
            {
                await SendAsync(batch, sessionId, cancellationToken);
            }
        }
        finally
        {
            batch.Dispose();
        }
    }

    async Task SendAsync(EventDataBatch batch, string sessionId, CancellationToken cancellationToken)
    {
        await producer.SendAsync(batch, cancellationToken);
        LogSent(batch.Count, sessionId);
    }

    public static EventData ToEventData(StorefrontEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var data = new EventData(JsonSerializer.SerializeToUtf8Bytes(e, StorefrontEventWireJson.Default.StorefrontEvent))
        {
            MessageId = e.Id,
            ContentType = "application/json",
        };

        // The publisher's trace context (a checkout's purchase event continues the checkout's trace).
        if (TraceParents.Current() is { } traceparent)
        {
            data.Properties[TraceParents.Name] = traceparent;
        }

        return data;
    }

    [LoggerMessage(LogLevel.Debug, "Sent {Count} clickstream events for session {SessionId}")]
    partial void LogSent(int count, string sessionId);
}
