using System.Collections.Concurrent;
using System.Reflection;
using System.Threading.Channels;
using Azure.Storage.Queues.Models;

namespace Commerce.DevHost.Functions;

/// <summary>A message that exhausted its attempts, kept with the reason, as the Functions host moves it to <c>&lt;queue&gt;-poison</c>.</summary>
public sealed record PoisonMessage(string Queue, string Id, string Body, int DequeueCount, string Reason);

/// <summary>A message its function handled (it returned), so it left its queue, as the Functions host completes it.</summary>
public sealed record CompletedMessage(string Queue, string Id, string Body, int DequeueCount);

/// <summary>The queues the dev host's apps send to and its queue-triggered functions receive from, whatever the backend.</summary>
public interface IDevHostQueues
{
    /// <summary>Messages that exhausted their attempts, as this process poisoned them.</summary>
    IReadOnlyCollection<PoisonMessage> Poisoned { get; }

    /// <summary>Raised after a queue-triggered function handled a message and it left its queue (nothing is kept).</summary>
    event EventHandler<CompletedMessage>? Completed;

    ValueTask SendAsync(string queue, string body, CancellationToken cancellationToken = default);
}

/// <summary>
/// In-process stand-in for Azure Storage queues (the <see cref="DevHostBackend.InMemory"/> backend): messages sent to a
/// queue are delivered to its queue-triggered functions with the host's semantics from host.json (a concurrent batch,
/// retried up to the max dequeue count, then poisoned).
/// </summary>
public sealed class InProcessQueueBroker(
    FunctionCatalog catalog,
    TriggerWiring wiring,
    IServiceScopeFactory scopes,
    QueueTriggerOptions settings,
    IOptions<DevHostOptions> devHost,
    ILogger<InProcessQueueBroker> logger) : BackgroundService, IDevHostQueues
{

    sealed record Envelope(string Id, string Body, int DequeueCount, DateTimeOffset InsertedOn);

    readonly ConcurrentDictionary<string, Channel<Envelope>> queues = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentQueue<PoisonMessage> poison = new();

    public IReadOnlyCollection<PoisonMessage> Poisoned => poison.ToArray();

    public event EventHandler<CompletedMessage>? Completed;

    public ValueTask SendAsync(string queue, string body, CancellationToken cancellationToken = default)
        => Channel(queue).Writer.WriteAsync(new Envelope(Guid.NewGuid().ToString("N"), body, 0, DateTimeOffset.UtcNow), cancellationToken);

    Channel<Envelope> Channel(string queue) => queues.GetOrAdd(queue, static _ => System.Threading.Channels.Channel.CreateUnbounded<Envelope>());

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var functions = QueueTriggerBinding.Wire(catalog, wiring, devHost.Value.Backend == DevHostBackend.InMemory);

        var workers = functions
            .SelectMany(function => Enumerable.Range(0, settings.BatchSize).Select(_ => ConsumeAsync(function, stoppingToken)));
        return Task.WhenAll(workers);
    }

    async Task ConsumeAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        var queue = function.QueueName!;
        var reader = Channel(queue).Reader;
        var invoker = FunctionInvoker.For(function.Method);
        try
        {
            await foreach (var envelope in reader.ReadAllAsync(stoppingToken))
            {
                var attempt = envelope with { DequeueCount = envelope.DequeueCount + 1 };
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var message = QueuesModelFactory.QueueMessage(attempt.Id, "in-process", attempt.Body, attempt.DequeueCount, insertedOn: attempt.InsertedOn);
                    await invoker.InvokeAsync(scope.ServiceProvider, QueueTriggerBinding.Arguments(function, message, scope.ServiceProvider, stoppingToken));
                    Completed?.Invoke(this, new CompletedMessage(queue, attempt.Id, attempt.Body, attempt.DequeueCount));
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    if (attempt.DequeueCount >= settings.MaxDequeueCount)
                    {
                        logger.LogWarning(ex, "Message {MessageId} on {Queue} poisoned after {DequeueCount} attempts", attempt.Id, queue, attempt.DequeueCount);
                        poison.Enqueue(new PoisonMessage(queue, attempt.Id, attempt.Body, attempt.DequeueCount, ex.Message));
                    }
                    else
                    {
                        _ = RequeueLaterAsync(queue, attempt, stoppingToken);
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping.
        }
    }

    async Task RequeueLaterAsync(string queue, Envelope envelope, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50 * envelope.DequeueCount), stoppingToken);
            await Channel(queue).Writer.WriteAsync(envelope, stoppingToken);
        }
        catch (OperationCanceledException)
        {
            // Host stopping; in-process queues do not survive a restart.
        }
    }
}
