using System.Collections.Concurrent;
using System.Net;
using Azure.Core;
using Azure.Identity;
using Microsoft.Azure.Cosmos;

namespace Commerce.Documents.Cosmos;

/// <summary>
/// The Azure Cosmos DB (NoSQL) adapter. Each container is partitioned on <c>/pk</c> with <c>DefaultTimeToLive = -1</c>
/// (per-item <c>ttl</c> honoured) and is created on first use when missing. Items are stored as an envelope:
/// <c>{ "id": ..., "pk": ..., "ttl": seconds (only when set), "body": { the serialized T } }</c>, so a type's own
/// properties never collide with Cosmos's; filters and ordering address <c>c.body["name"]</c>.
/// </summary>
public sealed class CosmosDocumentStore : IDocumentStore, IDisposable
{
    private readonly CosmosClient _client;
    private readonly bool _ownsClient;
    private readonly ConcurrentDictionary<string, Lazy<Task<Container>>> _containers = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _databaseGate = new(1, 1);
    private Database? _database;

    /// <summary>Uses an existing client (which the caller keeps owning unless <paramref name="ownsClient"/>).</summary>
    public CosmosDocumentStore(CosmosClient client, string databaseName, bool ownsClient = false)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(databaseName);
        _client = client;
        _ownsClient = ownsClient;
        DatabaseName = databaseName;
    }

    /// <summary>The database holding this store's containers.</summary>
    public string DatabaseName { get; }

    /// <summary>The underlying client (for diagnostics and tests).</summary>
    public CosmosClient Client => _client;

    /// <summary>Creates a store and the client it owns from <paramref name="options"/>.</summary>
    public static CosmosDocumentStore Create(CosmosDbOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", problems), nameof(options));
        }

        return new CosmosDocumentStore(CreateClient(options), options.DatabaseName, ownsClient: true);
    }

    /// <summary>Builds a Gateway-mode client: identity-based for an account endpoint, key-based for an emulator connection string.</summary>
    public static CosmosClient CreateClient(CosmosDbOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new CosmosClientOptions
        {
            ConnectionMode = ConnectionMode.Gateway,
            ApplicationName = "commerce-functions",
            EnableContentResponseOnWrite = false,
        };

        if (options.AllowInsecureEmulatorCertificate)
        {
            clientOptions.LimitToEndpoint = true;
            clientOptions.HttpClientFactory = CreateEmulatorHttpClient;
        }

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            clientOptions.LimitToEndpoint = true;
            return new CosmosClient(options.ConnectionString, clientOptions);
        }

        TokenCredential credential = string.IsNullOrWhiteSpace(options.ClientId)
            ? new DefaultAzureCredential()
            : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ClientId));
        return new CosmosClient(options.AccountEndpoint, credential, clientOptions);
    }

    /// <inheritdoc />
    public IDocumentContainer<T> Container<T>(string name) where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new CosmosDocumentContainer<T>(name, GetContainerAsync);
    }

    /// <inheritdoc />
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await _client.ReadAccountAsync().WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (CosmosErrors.IsTransient(ex, cancellationToken))
        {
            throw CosmosErrors.Unavailable(ex);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _databaseGate.Dispose();
        if (_ownsClient)
        {
            _client.Dispose();
        }
    }

    private async Task<Container> GetContainerAsync(string name, CancellationToken cancellationToken)
    {
        var lazy = _containers.GetOrAdd(name, n => new Lazy<Task<Container>>(() => CreateContainerAsync(n)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (lazy.Value.IsFaulted || lazy.Value.IsCanceled)
        {
            // Let the next call try again rather than caching the failure.
            _containers.TryRemove(KeyValuePair.Create(name, lazy));
            throw;
        }
    }

    private async Task<Container> CreateContainerAsync(string name)
    {
        try
        {
            var database = await GetDatabaseAsync();
            // CreateContainerIfNotExistsAsync reads first and creates only on 404, so pre-provisioned containers work with data-plane RBAC.
            var response = await database.CreateContainerIfNotExistsAsync(
                new ContainerProperties(name, "/pk") { DefaultTimeToLive = -1 });
            return response.Container;
        }
        catch (Exception ex) when (CosmosErrors.IsTransient(ex, CancellationToken.None))
        {
            throw CosmosErrors.Unavailable(ex);
        }
    }

    private async Task<Database> GetDatabaseAsync()
    {
        if (_database is { } existing)
        {
            return existing;
        }

        await _databaseGate.WaitAsync();
        try
        {
            _database ??= (await _client.CreateDatabaseIfNotExistsAsync(DatabaseName)).Database;
            return _database;
        }
        finally
        {
            _databaseGate.Release();
        }
    }

    private static HttpClient CreateEmulatorHttpClient()
    {
#pragma warning disable CA5400 // Local emulator only (validated: loopback endpoint): its certificate is self-signed.
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        };
#pragma warning restore CA5400
        return new HttpClient(handler, disposeHandler: true);
    }
}

internal static class CosmosErrors
{
    public static bool IsTransientStatus(HttpStatusCode status) =>
        status is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable or HttpStatusCode.RequestTimeout;

    public static bool IsTransient(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        CosmosException cosmos => IsTransientStatus(cosmos.StatusCode),
        HttpRequestException => true,
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };

    public static DocumentStoreUnavailableException Unavailable(Exception ex) =>
        new($"Cosmos DB is unavailable: {ex.Message}", ex);
}
