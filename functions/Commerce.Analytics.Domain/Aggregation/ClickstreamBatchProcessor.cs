using System.Text.Json;
using Commerce.Analytics.Domain.Events;
using Commerce.Contracts;
using Commerce.Documents;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commerce.Analytics.Domain.Aggregation;

/// <summary>
/// Another read model fed from the same batches after the aggregates (e.g. the recommendations' interactions). It must
/// be idempotent by event id: a failed batch is redelivered whole.
/// </summary>
public interface IClickstreamProjection
{
    Task ProjectAsync(IReadOnlyList<StorefrontEvent> events, CancellationToken cancellationToken);
}

/// <summary>What one batch did: events received, counted for the first time, already counted (duplicates, replays), dropped (malformed or beyond the horizon).</summary>
public sealed record BatchOutcome(int Received, int Counted, int Duplicates, int Dropped);

/// <summary>
/// Folds a batch of clickstream events into the persisted minute windows. The Event Hub trigger (Azure) and the
/// in-process stream (dev host) both call it. Each window shard is an ETag-conditional read-merge-write
/// (<see cref="DocumentContainerExtensions.UpdateAsync{T}"/>) that skips ids the document has counted, so at-least-once
/// delivery, concurrent consumers and replays all converge on each event counted exactly once.
/// </summary>
public sealed partial class ClickstreamBatchProcessor(
    IDocumentStore store,
    IOptions<AnalyticsOptions> options,
    TimeProvider clock,
    ILogger<ClickstreamBatchProcessor> logger,
    IEnumerable<IClickstreamProjection>? projections = null)
{
    public const string ContainerName = "aggregates";

    readonly ClickstreamAggregator aggregator = new(options.Value, clock);
    readonly IDocumentContainer<WindowAggregate> container = store.Container<WindowAggregate>(ContainerName);

    /// <summary>Processes serialized events (one JSON event per message body, as Event Hubs carries them); malformed bodies are logged and dropped.</summary>
    public Task<BatchOutcome> ProcessSerializedAsync(IEnumerable<ReadOnlyMemory<byte>> bodies, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bodies);
        var events = new List<StorefrontEvent>();
        var malformed = 0;
        foreach (var body in bodies)
        {
            try
            {
                events.Add(JsonSerializer.Deserialize(body.Span, ClickstreamJson.Default.StorefrontEvent) ?? throw new JsonException("null event"));
            }
            catch (JsonException ex)
            {
                malformed++;
                LogMalformed(ex.Message);
            }
        }

        return ProcessAsync(events, malformed, cancellationToken);
    }

    public Task<BatchOutcome> ProcessAsync(IReadOnlyList<StorefrontEvent> events, CancellationToken cancellationToken = default) => ProcessAsync(events, 0, cancellationToken);

    async Task<BatchOutcome> ProcessAsync(IReadOnlyList<StorefrontEvent> events, int malformed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var (groups, dropped) = aggregator.Group(events);
        var counted = 0;
        var write = new DocumentWriteOptions { TimeToLive = options.Value.Retention };
        await Parallel.ForEachAsync(groups, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (group, ct) =>
        {
            var countedHere = 0;
            await container.UpdateAsync(group.Key.DocumentId, group.Key.PartitionKey, current =>
            {
                var window = current ?? new WindowAggregate { WindowStart = group.Key.MinuteStart, Shard = group.Key.Shard };
                countedHere = group.Value.Count(window.Apply);
                return window;
            }, write, cancellationToken: ct);
            Interlocked.Add(ref counted, countedHere);
        });

        foreach (var projection in projections ?? [])
        {
            await projection.ProjectAsync(events, cancellationToken);
        }

        var outcome = new BatchOutcome(events.Count + malformed, counted, events.Count - dropped - counted, dropped + malformed);
        CommerceMetrics.ClickstreamEvents.Add(outcome.Counted);
        LogProcessed(outcome.Received, outcome.Counted, outcome.Duplicates, outcome.Dropped);
        return outcome;
    }

    [LoggerMessage(LogLevel.Warning, "Dropped a malformed clickstream event: {Reason}")]
    partial void LogMalformed(string reason);

    [LoggerMessage(LogLevel.Debug, "Clickstream batch: {Received} received, {Counted} counted, {Duplicates} duplicates, {Dropped} dropped")]
    partial void LogProcessed(int received, int counted, int duplicates, int dropped);
}
