using System.Net.Http.Json;
using System.Diagnostics;
using Azure.Identity;
using Azure.Storage.Queues;
using Commerce.Orders.Domain;

namespace Commerce.Simulator;

/// <summary>How virtual warehouses reach the orders app's queue triggers.</summary>
public interface IWarehouseQueues
{
    Task SendAsync(string queue, string body, CancellationToken cancellationToken);
}

/// <summary>
/// The dev host's (and the Functions host's) admin API, <c>POST /admin/functions/{name}</c> with <c>{"input": message}</c>:
/// the message goes to the queue function's in-process queue, with the same retries and poison queue. The host's API,
/// not the storefront's: outside the OpenAPI document and its client.
/// </summary>
public sealed class AdminApiWarehouseQueues(HttpClient http, Metrics metrics) : IWarehouseQueues
{
    static readonly Dictionary<string, string> FunctionOf = new(StringComparer.Ordinal)
    {
        [WarehouseQueues.StockLevels] = "StockLevelReceived",
        [WarehouseQueues.ShipmentConfirmations] = "ShipmentConfirmed",
        [WarehouseQueues.Returns] = "ReturnReceived",
        [Warehouses.CancellationConfirmationsQueue] = "CancellationAnswered",
    };

    /// <summary>The queue function names, by queue: the Functions convention of the orders app's warehouse functions.</summary>
    public static IReadOnlyDictionary<string, string> Functions => FunctionOf;

    public async Task SendAsync(string queue, string body, CancellationToken cancellationToken)
    {
        var function = FunctionOf[queue];
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var status = 0;
        try
        {
            using var response = await http.PostAsJsonAsync($"/admin/functions/{function}", new { input = body }, cancellationToken);
            status = (int)response.StatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            // No answer: status 0.
        }

        metrics.Record($"POST /admin/functions/{function}", started, status);
        if (status != 202)
        {
            throw new InvalidOperationException($"The admin API did not take the {queue} message: {status}.");
        }
    }
}

/// <summary>
/// Azure Storage queues of a deployed app: a connection string, or a queue service URI with <see cref="DefaultAzureCredential"/>.
/// Base64 messages, as the Functions queue trigger expects.
/// </summary>
public sealed class StorageWarehouseQueues(QueueServiceClient service, Metrics metrics) : IWarehouseQueues
{
    /// <summary>Connects and makes sure the warehouse queues exist.</summary>
    public static async Task<StorageWarehouseQueues> CreateAsync(SimulatorOptions options, Metrics metrics, CancellationToken cancellationToken)
    {
        var clientOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var service = options.StorageQueueUri is { } uri
            ? new QueueServiceClient(uri, new DefaultAzureCredential(), clientOptions)
            : new QueueServiceClient(options.StorageConnectionString, clientOptions);
        foreach (var queue in AdminApiWarehouseQueues.Functions.Keys)
        {
            await service.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        return new StorageWarehouseQueues(service, metrics);
    }

    public async Task SendAsync(string queue, string body, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await service.GetQueueClient(queue).SendMessageAsync(body, cancellationToken);
            metrics.Record($"queue {queue}", started, 201);
        }
        catch (Azure.RequestFailedException ex)
        {
            metrics.Record($"queue {queue}", started, ex.Status);
            throw;
        }
    }
}
