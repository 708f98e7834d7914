using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Threading.Channels;
using Azure.Storage.Queues.Models;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Microsoft.Azure.Functions.Worker;

namespace Commerce.DevHost.Functions;

/// <summary>A message that exhausted its attempts, kept with the reason, as the Functions host moves it to <c>&lt;queue&gt;-poison</c>.</summary>
public sealed record PoisonMessage(string Queue, string Id, string Body, int DequeueCount, string Reason);

/// <summary>
/// In-process stand-in for Azure Storage queues: messages sent to a queue are delivered to its queue-triggered
/// functions with the host's semantics (concurrent batch, retried up to the max dequeue count, then poisoned).
/// </summary>
public sealed class InProcessQueueBroker(FunctionCatalog catalog, TriggerWiring wiring, IServiceScopeFactory scopes, ILogger<InProcessQueueBroker> logger) : BackgroundService
{
    public const int MaxDequeueCount = 5;
    const int Concurrency = 16;

    sealed record Envelope(string Id, string Body, int DequeueCount, DateTimeOffset InsertedOn);

    readonly ConcurrentDictionary<string, Channel<Envelope>> queues = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentQueue<PoisonMessage> poison = new();

    public IReadOnlyCollection<PoisonMessage> Poisoned => poison.ToArray();

    public ValueTask SendAsync(string queue, string body, CancellationToken cancellationToken = default)
        => Channel(queue).Writer.WriteAsync(new Envelope(Guid.NewGuid().ToString("N"), body, 0, DateTimeOffset.UtcNow), cancellationToken);

    Channel<Envelope> Channel(string queue) => queues.GetOrAdd(queue, static _ => System.Threading.Channels.Channel.CreateUnbounded<Envelope>());

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var functions = catalog.OfKind(TriggerKind.Queue).ToArray();
        foreach (var function in functions)
        {
            wiring.Record(function.Name, function.Kind);
        }

        var workers = functions
            .SelectMany(function => Enumerable.Range(0, Concurrency).Select(_ => ConsumeAsync(function, stoppingToken)));
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
                    await invoker.InvokeAsync(scope.ServiceProvider, Bind(function, attempt, scope.ServiceProvider, stoppingToken));
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    if (attempt.DequeueCount >= MaxDequeueCount)
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

    static object?[] Bind(FunctionDescriptor function, Envelope envelope, IServiceProvider services, CancellationToken cancellationToken)
        => function.Parameters.Select(parameter => function.IsTrigger(parameter)
                ? Convert(envelope, parameter.ParameterType)
                : parameter.ParameterType == typeof(CancellationToken) ? cancellationToken
                : parameter.ParameterType == typeof(DurableTaskClient) && parameter.IsDefined(typeof(DurableClientAttribute)) ? services.GetRequiredService<DurableTaskClient>()
                : throw new InvalidOperationException($"Queue function {function.Name}: the dev host cannot bind parameter '{parameter.Name}'."))
            .ToArray();

    static object? Convert(Envelope envelope, Type type)
    {
        if (type == typeof(string))
        {
            return envelope.Body;
        }

        if (type == typeof(BinaryData))
        {
            return BinaryData.FromString(envelope.Body);
        }

        if (type == typeof(QueueMessage))
        {
            return QueuesModelFactory.QueueMessage(envelope.Id, "in-process", envelope.Body, envelope.DequeueCount, insertedOn: envelope.InsertedOn);
        }

        return JsonSerializer.Deserialize(envelope.Body, type, CommerceJson.Options);
    }
}
