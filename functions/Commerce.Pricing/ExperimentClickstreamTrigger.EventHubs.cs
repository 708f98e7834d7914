using System.Text.Json;
using Azure.Messaging.EventHubs;
using Commerce.Clickstream;
using Commerce.Contracts;

namespace Commerce.Pricing;

/// <summary>
/// The clickstream on pricing's own consumer group (<c>EventHubs:pricingConsumerGroup</c>): exposures and purchases
/// into the experiments' visitors (<see cref="ExperimentVisits"/>, which counts each shopper and order once, so a
/// redelivered batch changes nothing). Compiled only with <c>-p:EnableEventHubsTrigger=true</c> (see the csproj).
/// </summary>
public sealed class ExperimentClickstreamTrigger(ExperimentVisits visits, ILogger<ExperimentClickstreamTrigger> logger)
{
    [Function(nameof(ExperimentClickstreamTrigger))]
    [ExponentialBackoffRetry(5, "00:00:01", "00:01:00")]
    public Task Run(
        [EventHubTrigger("%EventHubs:hubName%", Connection = "EventHubs", ConsumerGroup = "%EventHubs:pricingConsumerGroup%", IsBatched = true)] EventData[] events,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var parsed = new List<StorefrontEvent>(events.Length);
        foreach (var e in events)
        {
            try
            {
                parsed.Add(StorefrontEventWire.Parse(e.EventBody.ToMemory().Span));
            }
            catch (JsonException ex)
            {
                logger.LogWarning(ex, "Skipped a malformed clickstream event at offset {Offset}", e.Offset);
            }
        }

        return visits.RecordAsync(parsed, cancellationToken);
    }
}
