using Azure.Messaging.EventHubs;
using Commerce.Analytics.Domain.Aggregation;

namespace Commerce.Analytics;

/// <summary>
/// The production clickstream consumer: batches from the Event Hub (identity-based connection <c>EventHubs__*</c>)
/// into the batch processor, which dedupes by event id, so the at-least-once redelivery a retry causes is harmless.
/// Compiled only with <c>-p:EnableEventHubsTrigger=true</c> (see the csproj); locally the in-process stream feeds the
/// same processor.
/// </summary>
public sealed class ClickstreamTrigger(ClickstreamBatchProcessor processor)
{
    [Function(nameof(ClickstreamTrigger))]
    [ExponentialBackoffRetry(5, "00:00:01", "00:01:00")]
    public Task Run(
        [EventHubTrigger("%EventHubs:hubName%", Connection = "EventHubs", ConsumerGroup = "%EventHubs:consumerGroup%", IsBatched = true)] EventData[] events,
        CancellationToken cancellationToken)
        => processor.ProcessSerializedAsync(events.Select(e => e.EventBody.ToMemory()), cancellationToken);
}
