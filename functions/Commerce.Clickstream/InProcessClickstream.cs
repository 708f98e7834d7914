using System.Diagnostics;
using System.Threading.Channels;
using Commerce.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Commerce.Clickstream;

/// <summary>Consumes clickstream batches delivered by the in-process stream (the analytics app's batch processor).</summary>
public interface IClickstreamBatchHandler
{
    Task HandleAsync(IReadOnlyList<StorefrontEvent> events, CancellationToken cancellationToken);
}

/// <summary>
/// The embedded clickstream for local runs: publishing writes to an in-memory channel and a background pump hands
/// the events, coalesced into batches of up to <see cref="MaxBatch"/>, to each registered
/// <see cref="IClickstreamBatchHandler"/> (as each consumer group of the Event Hub gets every event), the same batch
/// processors the Event Hub triggers call. A failing batch is
/// retried (at-least-once, as with Event Hubs) and then logged and dropped. Each event travels with its publisher's
/// trace context, as the Event Hubs adapter's <c>traceparent</c> property carries it: a delivered batch is a consumer
/// span (<c>clickstream batch</c>) linked to the traces of the events in it (a checkout's purchase event links to the
/// checkout's trace).
/// </summary>
public sealed partial class InProcessClickstream(IServiceProvider services, ILogger<InProcessClickstream> logger) : BackgroundService, IClickstreamPublisher
{
    public const int MaxBatch = 1000;
    const int MaxAttempts = 5;
    const int MaxLinks = 64;

    public const string SourceName = "Commerce.Clickstream";

    static readonly ActivitySource Source = new(SourceName);

    readonly Channel<(StorefrontEvent Event, ActivityContext Trace)> channel = Channel.CreateBounded<(StorefrontEvent, ActivityContext)>(new BoundedChannelOptions(100_000) { SingleReader = true });

    public async Task PublishAsync(IReadOnlyList<StorefrontEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var trace = Activity.Current?.Context ?? default;
        foreach (var e in events)
        {
            await channel.Writer.WriteAsync((e, trace), cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var handlers = services.GetServices<IClickstreamBatchHandler>().ToArray();
        if (handlers.Length == 0)
        {
            LogNoHandler();
        }

        var batch = new List<StorefrontEvent>(MaxBatch);
        var traces = new HashSet<ActivityContext>();
        while (await channel.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < MaxBatch && channel.Reader.TryRead(out var item))
            {
                batch.Add(item.Event);
                if (item.Trace != default && traces.Count < MaxLinks)
                {
                    traces.Add(item.Trace);
                }
            }

            foreach (var handler in handlers)
            {
                using var span = Source.StartActivity(ActivityKind.Consumer, parentContext: default, links: traces.Select(t => new ActivityLink(t)), name: "clickstream batch");
                span?.SetTag("messaging.batch.message_count", batch.Count);
                await DeliverAsync(handler, batch, stoppingToken);
            }

            batch.Clear();
            traces.Clear();
        }
    }

    async Task DeliverAsync(IClickstreamBatchHandler handler, List<StorefrontEvent> batch, CancellationToken stoppingToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await handler.HandleAsync(batch, stoppingToken);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (attempt >= MaxAttempts)
                {
                    LogDropped(ex, batch.Count, attempt);
                    return;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), stoppingToken);
            }
        }
    }

    [LoggerMessage(LogLevel.Warning, "No clickstream batch handler is registered in this process: in-process clickstream events are discarded")]
    partial void LogNoHandler();

    [LoggerMessage(LogLevel.Error, "Dropped a clickstream batch of {Count} events after {Attempts} attempts")]
    partial void LogDropped(Exception exception, int count, int attempts);
}
