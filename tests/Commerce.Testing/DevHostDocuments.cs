using Commerce.Documents;
using Commerce.Documents.Sqlite;

namespace Commerce.Testing;

/// <summary>The document store adapters a dev host runs on: the embedded SQLite store, or Cosmos DB (here: the Cosmos DB server from npm).</summary>
public enum DocumentProvider
{
    Sqlite,
    Cosmos,
}

/// <summary>
/// The document store a dev host under test runs on. <see cref="DocumentProvider.Sqlite"/> adds nothing (the dev host's
/// default, in its data folder); <see cref="DocumentProvider.Cosmos"/> starts a Cosmos DB server of its own
/// (<see cref="CosmosServerFixture"/>, whose remarks list how it differs from Cosmos DB) and points every app at a fresh
/// database on it, exactly through the settings an app in Azure reads (<c>Documents:Provider</c>, <c>CosmosDb:*</c>).
/// </summary>
public sealed class DevHostDocuments : IAsyncDisposable
{
    readonly CosmosServerFixture? server;

    DevHostDocuments(DocumentProvider provider, CosmosServerFixture? server)
    {
        Provider = provider;
        this.server = server;
        Settings = server is null
            ? new Dictionary<string, string?>()
            : new Dictionary<string, string?>
            {
                ["Documents:Provider"] = "Cosmos",
                ["CosmosDb:ConnectionString"] = server.ConnectionString,
                ["CosmosDb:DatabaseName"] = "devhost-" + Guid.NewGuid().ToString("N"),
                ["CosmosDb:AllowInsecureEmulatorCertificate"] = "true",
            };
    }

    public DocumentProvider Provider { get; }

    /// <summary>Configuration keys (<c>:</c>-separated) to lay over the dev host's settings.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The same settings as environment variables (<c>__</c>-separated), for a dev host started as its own process.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentVariables
        => Settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? string.Empty);

    /// <summary>
    /// Runs <paramref name="write"/> on the store the dev host will open, for what it should find at start: its SQLite
    /// file in <paramref name="sqliteFolder"/>, or its database on the Cosmos DB server; closes it afterwards.
    /// </summary>
    public async Task WriteBeforeStartAsync(string sqliteFolder, Func<IDocumentStore, Task> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (server is null)
        {
            using var sqlite = new SqliteDocumentStore(sqliteFolder);
            await write(sqlite);
            return;
        }

        using var cosmos = server.CreateDocumentStore(Settings["CosmosDb:DatabaseName"]);
        await write(cosmos);
    }

    /// <summary>Readies <paramref name="provider"/>: for Cosmos DB, starts the server and waits until it answers.</summary>
    public static async Task<DevHostDocuments> StartAsync(DocumentProvider provider)
    {
        if (provider == DocumentProvider.Sqlite)
        {
            return new DevHostDocuments(provider, null);
        }

        var server = new CosmosServerFixture();
        try
        {
            await server.InitializeAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return new DevHostDocuments(provider, server);
    }

    public async ValueTask DisposeAsync()
    {
        if (server is not null)
        {
            await server.DisposeAsync();
        }
    }
}
