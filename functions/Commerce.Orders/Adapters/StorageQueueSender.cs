using Azure.Identity;
using Azure.Storage.Queues;
using Commerce.Orders.Domain;

namespace Commerce.Orders.Adapters;

/// <summary>
/// <see cref="IQueueSender"/> over Azure Storage queues: identity-based with <c>AzureWebJobsStorage__queueServiceUri</c>
/// (and optionally <c>__clientId</c> for a user-assigned identity), or a connection string in <c>AzureWebJobsStorage</c>.
/// Messages are base64-encoded, as the Functions queue trigger expects by default. Queues are created on first use.
/// </summary>
public sealed class StorageQueueSender(QueueServiceClient service) : IQueueSender
{
    readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<Task<QueueClient>>> queues = new(StringComparer.Ordinal);

    public static QueueServiceClient CreateClient(IConfiguration configuration)
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        var section = configuration.GetSection("AzureWebJobsStorage");
        if (section["queueServiceUri"] is { Length: > 0 } uri)
        {
            var credential = section["clientId"] is { Length: > 0 } clientId
                ? new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = clientId })
                : new DefaultAzureCredential();
            return new QueueServiceClient(new Uri(uri), credential, options);
        }

        var connectionString = section.Value;
        return string.IsNullOrWhiteSpace(connectionString)
            ? throw new InvalidOperationException("Set AzureWebJobsStorage (a connection string) or AzureWebJobsStorage__queueServiceUri to send to Storage queues.")
            : new QueueServiceClient(connectionString, options);
    }

    public async Task SendAsync(string queue, string body, CancellationToken cancellationToken = default)
    {
        var client = await queues.GetOrAdd(queue, name => new Lazy<Task<QueueClient>>(async () =>
        {
            var created = service.GetQueueClient(name);
            await created.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
            return created;
        })).Value;
        await client.SendMessageAsync(body, cancellationToken);
    }
}
