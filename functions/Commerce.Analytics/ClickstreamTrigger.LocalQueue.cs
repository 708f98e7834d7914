using System.Text;
using Commerce.Analytics.Domain.Aggregation;
using Commerce.Clickstream;

namespace Commerce.Analytics;

/// <summary>
/// The local clickstream consumer: apps run apart (<c>func start</c> over Azurite, <c>Clickstream:Transport=StorageQueue</c>)
/// send each event to every consumer's Storage queue; this trigger hands analytics' own
/// (<see cref="StorageQueueClickstreamPublisher.AnalyticsQueue"/>)
/// to the same batch processor as the Event Hub trigger (<see cref="ClickstreamTrigger"/> in the Azure build), which
/// dedupes by event id. Compiled only into local builds (see the csproj): the build azd deploys has the Event Hub
/// trigger instead, and an app in Azure refuses the local transports.
/// </summary>
public sealed class ClickstreamQueueTrigger(ClickstreamBatchProcessor processor)
{
    [Function(nameof(ClickstreamQueueTrigger))]
    public Task Run([QueueTrigger(StorageQueueClickstreamPublisher.AnalyticsQueue, Connection = StorageQueueClickstreamPublisher.Connection)] string message, CancellationToken cancellationToken)
        => processor.ProcessSerializedAsync([Encoding.UTF8.GetBytes(message)], cancellationToken);
}
