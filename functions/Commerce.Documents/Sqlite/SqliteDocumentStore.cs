using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Commerce.Documents.Sqlite;

/// <summary>
/// The embedded document store: one SQLite file (<c>documents.db</c> under a data folder) in WAL mode, one table
/// <c>documents(container, pk, id, body, etag, expires_at)</c>. Safe for many concurrent writers in one or several
/// processes; expired documents are invisible at once and physically removed by a periodic sweep.
/// </summary>
public sealed class SqliteDocumentStore : IDocumentStore, IDisposable
{
    /// <summary>The SQLite file name inside the data folder.</summary>
    public const string FileName = "documents.db";

    private const int BusyTimeoutMilliseconds = 30_000;

    private static readonly ConditionalWeakTable<sqlite3, object> ConfiguredHandles = new();
    private static readonly object ConfiguredMarker = new();

    private readonly ITimer? _sweepTimer;

    /// <summary>Opens (creating when missing) the store under <paramref name="dataPath"/>.</summary>
    /// <param name="dataPath">Folder for the SQLite file; created if missing.</param>
    /// <param name="sweepInterval">How often expired rows are deleted; null turns the background sweep off.</param>
    /// <param name="timeProvider">Clock for TTL; defaults to the system clock.</param>
    public SqliteDocumentStore(string dataPath, TimeSpan? sweepInterval = null, TimeProvider? timeProvider = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataPath);
        Directory.CreateDirectory(dataPath);
        DatabasePath = Path.GetFullPath(Path.Combine(dataPath, FileName));
        TimeProvider = timeProvider ?? TimeProvider.System;
        ConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMilliseconds / 1000,
        }.ToString();

        using (var connection = OpenConnection())
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                PRAGMA journal_mode = WAL;
                CREATE TABLE IF NOT EXISTS documents (
                    container  TEXT    NOT NULL,
                    pk         TEXT    NOT NULL,
                    id         TEXT    NOT NULL,
                    body       TEXT    NOT NULL,
                    etag       TEXT    NOT NULL,
                    expires_at INTEGER NULL,
                    PRIMARY KEY (container, pk, id)
                ) WITHOUT ROWID;
                CREATE INDEX IF NOT EXISTS documents_expires_at ON documents (expires_at) WHERE expires_at IS NOT NULL;
                """;
            command.ExecuteNonQuery();
        }

        if (sweepInterval is { } interval)
        {
            _sweepTimer = TimeProvider.CreateTimer(static state => ((SqliteDocumentStore)state!).SweepInBackground(), this, interval, interval);
        }
    }

    /// <summary>Full path of the SQLite file.</summary>
    public string DatabasePath { get; }

    internal string ConnectionString { get; }

    internal TimeProvider TimeProvider { get; }

    /// <inheritdoc />
    public IDocumentContainer<T> Container<T>(string name) where T : class
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return new SqliteDocumentContainer<T>(this, name);
    }

    /// <inheritdoc />
    public async Task PingAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM documents WHERE 0";
        await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>Physically deletes every expired document now; returns how many were removed.</summary>
    public async Task<int> SweepExpiredAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM documents WHERE expires_at IS NOT NULL AND expires_at <= $now";
        command.Parameters.AddWithValue("$now", NowMilliseconds());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <inheritdoc />
    public void Dispose() => _sweepTimer?.Dispose();

    internal long NowMilliseconds() => TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    internal async Task<SqliteConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);

            // Pooled connections reuse their native handle, and these settings live on the handle: set them once per
            // physical connection, not on every open (that was one extra statement per document operation).
            if (connection.Handle is not { } handle || !ConfiguredHandles.TryGetValue(handle, out _))
            {
                await using var command = connection.CreateCommand();
                // WAL with synchronous=NORMAL: durable across process crashes, fsync only at checkpoints (not every commit),
                // which is what lets the embedded store take hundreds of writes per second on one disk.
                command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}; PRAGMA synchronous = NORMAL;";
                await command.ExecuteNonQueryAsync(cancellationToken);
                if (connection.Handle is { } configured)
                {
                    ConfiguredHandles.AddOrUpdate(configured, ConfiguredMarker);
                }
            }

            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA busy_timeout = {BusyTimeoutMilliseconds}";
        command.ExecuteNonQuery();
        return connection;
    }

    private void SweepInBackground()
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await SweepExpiredAsync();
            }
            catch (SqliteException)
            {
                // A failed sweep is retried at the next tick; expired rows are invisible to reads meanwhile.
            }
            catch (ObjectDisposedException)
            {
                // The store is shutting down.
            }
        });
    }
}
