using System.Text.Json;
using Commerce.Contracts;
using Commerce.Clickstream;

namespace Commerce.Pricing;

/// <summary>
/// Pricing's local clickstream consumer: apps run apart (<c>func start</c> over Azurite, <c>Clickstream:Transport=StorageQueue</c>)
/// send each event to every consumer's Storage queue, as each consumer group of the Event Hub gets every event in Azure;
/// this trigger hands pricing's own (<see cref="StorageQueueClickstreamPublisher.PricingQueue"/>) to the experiments'
/// visitors (<see cref="ExperimentVisits"/>, which counts each shopper and order once, so a redelivery changes nothing).
/// A malformed message is logged and skipped, as the Event Hub trigger does. Compiled only into local builds (see the
/// csproj): the build azd deploys has the Event Hub trigger instead, and an app in Azure refuses the local transports.
/// </summary>
public sealed partial class ExperimentClickstreamQueueTrigger(ExperimentVisits visits, ILogger<ExperimentClickstreamQueueTrigger> logger)
{
    [Function(nameof(ExperimentClickstreamQueueTrigger))]
    public Task Run([QueueTrigger(StorageQueueClickstreamPublisher.PricingQueue, Connection = StorageQueueClickstreamPublisher.Connection)] string message, CancellationToken cancellationToken)
    {
        StorefrontEvent parsed;
        try
        {
            parsed = StorefrontEventWire.Parse(message);
        }
        catch (JsonException ex)
        {
            LogMalformed(ex);
            return Task.CompletedTask;
        }

        return visits.RecordAsync([parsed], cancellationToken);
    }

    [LoggerMessage(LogLevel.Warning, "Skipped a malformed clickstream message")]
    partial void LogMalformed(Exception exception);
}
