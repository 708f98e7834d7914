using System.Collections.Concurrent;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Commerce.DevHost.Azurite;

namespace Commerce.DevHost.Functions;

/// <summary>
/// Queue triggers on Azure Storage queues (the <see cref="DevHostBackend.Azurite"/> backend), with the Functions host's
/// listener semantics from host.json: each queue-triggered function polls its queue (backing off to the max polling
/// interval while it is empty), runs up to a batch of messages at once, deletes a message its function handled, makes a
/// failed one visible again after the visibility timeout, and moves one that failed the max dequeue count times to
/// <c>&lt;queue&gt;-poison</c>. Messages are base64 text, as the deployed apps send them. Sends create the queue on first use.
/// </summary>
public sealed partial class StorageQueueTriggers(
    FunctionCatalog catalog,
    TriggerWiring wiring,
    IServiceScopeFactory scopes,
    QueueTriggerOptions settings,
    IOptions<DevHostOptions> devHost,
    IOptions<AzuriteOptions> azurite,
    ILogger<StorageQueueTriggers> logger) : BackgroundService, IDevHostQueues
{
    static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);
    static readonly TimeSpan InvisibleWhileRunning = TimeSpan.FromMinutes(5);

    readonly Lazy<QueueServiceClient> service = new(() => new QueueServiceClient(
        azurite.Value.ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }));

    readonly ConcurrentDictionary<string, Lazy<Task<QueueClient>>> queues = new(StringComparer.Ordinal);
    readonly ConcurrentQueue<PoisonMessage> poison = new();

    public IReadOnlyCollection<PoisonMessage> Poisoned => poison.ToArray();

    public event EventHandler<CompletedMessage>? Completed;

    public async ValueTask SendAsync(string queue, string body, CancellationToken cancellationToken = default)
        => await (await QueueAsync(queue)).SendMessageAsync(body, cancellationToken);

    Task<QueueClient> QueueAsync(string name) => queues.GetOrAdd(name, queue => new Lazy<Task<QueueClient>>(async () =>
    {
        var client = service.Value.GetQueueClient(queue);
        await client.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        return client;
    })).Value;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var functions = QueueTriggerBinding.Wire(catalog, wiring, devHost.Value.Backend == DevHostBackend.Azurite);

        return Task.WhenAll(functions.Select(function => ListenAsync(function, stoppingToken)));
    }

    async Task ListenAsync(FunctionDescriptor function, CancellationToken stoppingToken)
    {
        var invoker = FunctionInvoker.For(function.Method);
        var wait = MinPollingInterval;
        try
        {
            var queue = await QueueAsync(function.QueueName!);
            var poisonQueue = await QueueAsync(function.QueueName + "-poison");
            while (!stoppingToken.IsCancellationRequested)
            {
                QueueMessage[] batch;
                try
                {
                    batch = (await queue.ReceiveMessagesAsync(settings.BatchSize, InvisibleWhileRunning, stoppingToken)).Value;
                }
                catch (RequestFailedException ex)
                {
                    LogPollFailed(logger, ex, queue.Name);
                    batch = [];
                }

                if (batch.Length == 0)
                {
                    await Task.Delay(wait, stoppingToken);
                    wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, settings.MaxPollingInterval.Ticks));
                    continue;
                }

                wait = MinPollingInterval;
                await Task.WhenAll(batch.Select(message => RunAsync(function, invoker, queue, poisonQueue, message, stoppingToken)));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host stopping: messages in flight become visible again and run at the next start.
        }
    }

    async Task RunAsync(FunctionDescriptor function, FunctionInvoker invoker, QueueClient queue, QueueClient poisonQueue, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await AttemptAsync(function, invoker, queue, poisonQueue, message, stoppingToken);
        }
        catch (RequestFailedException ex)
        {
            // The message could not be settled (deleted, poisoned, released): it reappears after its visibility timeout.
            LogSettleFailed(logger, ex, message.MessageId, queue.Name);
        }
    }

    async Task AttemptAsync(FunctionDescriptor function, FunctionInvoker invoker, QueueClient queue, QueueClient poisonQueue, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                await invoker.InvokeAsync(scope.ServiceProvider, QueueTriggerBinding.Arguments(function, message, scope.ServiceProvider, stoppingToken));
            }

            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
            Completed?.Invoke(this, new CompletedMessage(queue.Name, message.MessageId, message.MessageText, (int)message.DequeueCount));
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            if (message.DequeueCount >= settings.MaxDequeueCount)
            {
                LogPoisoned(logger, ex, message.MessageId, queue.Name, message.DequeueCount);
                await poisonQueue.SendMessageAsync(message.MessageText, CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, CancellationToken.None);
                poison.Enqueue(new PoisonMessage(queue.Name, message.MessageId, message.MessageText, (int)message.DequeueCount, ex.Message));
            }
            else
            {
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: settings.VisibilityTimeout, cancellationToken: CancellationToken.None);
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Cut short by shutdown: visible again at once, for the next start (as a worker that stops releases its messages).
            await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} on {Queue} poisoned after {DequeueCount} attempts")]
    static partial void LogPoisoned(ILogger logger, Exception exception, string messageId, string queue, long dequeueCount);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} on {Queue} could not be settled; it reappears after its visibility timeout")]
    static partial void LogSettleFailed(ILogger logger, Exception exception, string messageId, string queue);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Polling {Queue} failed; retrying")]
    static partial void LogPollFailed(ILogger logger, Exception exception, string queue);
}
