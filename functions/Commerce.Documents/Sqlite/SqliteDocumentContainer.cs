using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Commerce.Documents.Sqlite;

internal sealed class SqliteDocumentContainer<T>(SqliteDocumentStore store, string name) : IDocumentContainer<T>
    where T : class
{
    private const string Live = "(expires_at IS NULL OR expires_at > $now)";
    private const string Key = "container = $container AND pk = $pk AND id = $id";

    public Task<Document<T>?> ReadAsync(string id, string partitionKey, CancellationToken cancellationToken = default) =>
        Run(id, async connection =>
        {
            await using var command = Command(connection, id, partitionKey);
            command.CommandText = $"SELECT body, etag FROM documents WHERE {Key} AND {Live}";
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            return await reader.ReadAsync(cancellationToken)
                ? new Document<T>(id, partitionKey, Deserialize(reader.GetString(0)), reader.GetString(1))
                : null;
        }, cancellationToken);

    /// <summary>One statement per <see cref="IDocumentContainer{T}.ReadManyBatch"/> keys.</summary>
    public Task<IReadOnlyList<Document<T>>> ReadManyAsync(IReadOnlyCollection<DocumentKey> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        return keys.Count == 0 ? Task.FromResult<IReadOnlyList<Document<T>>>([]) : Run(name, async connection =>
        {
            var found = new List<Document<T>>(keys.Count);
            foreach (var batch in keys.Distinct().Chunk(IDocumentContainer<T>.ReadManyBatch))
            {
                await using var command = connection.CreateCommand();
                command.Parameters.AddWithValue("$container", name);
                command.Parameters.AddWithValue("$now", store.NowMilliseconds());
                var pairs = new StringBuilder();
                for (var i = 0; i < batch.Length; i++)
                {
                    var (pk, id) = ("$pk" + i.ToString(CultureInfo.InvariantCulture), "$id" + i.ToString(CultureInfo.InvariantCulture));
                    pairs.Append(i == 0 ? "(" : ", (").Append(pk).Append(", ").Append(id).Append(')');
                    command.Parameters.AddWithValue(pk, batch[i].PartitionKey);
                    command.Parameters.AddWithValue(id, batch[i].Id);
                }

                command.CommandText = $"SELECT pk, id, body, etag FROM documents WHERE container = $container AND (pk, id) IN (VALUES {pairs}) AND {Live}";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    found.Add(new Document<T>(reader.GetString(1), reader.GetString(0), Deserialize(reader.GetString(2)), reader.GetString(3)));
                }
            }

            return (IReadOnlyList<Document<T>>)found;
        }, cancellationToken);
    }

    public Task<Document<T>> CreateAsync(string id, string partitionKey, T value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        Run(id, async connection =>
        {
            var etag = ETags.New();
            await using var command = WriteCommand(connection, id, partitionKey, value, etag, options);
            // An expired document still on disk (not yet swept) does not block a create: it is replaced.
            command.CommandText = $"""
                INSERT INTO documents (container, pk, id, body, etag, expires_at) VALUES ($container, $pk, $id, $body, $etag, $expires)
                ON CONFLICT (container, pk, id) DO UPDATE SET body = excluded.body, etag = excluded.etag, expires_at = excluded.expires_at
                WHERE NOT {Live.Replace("expires_at", "documents.expires_at", StringComparison.Ordinal)}
                """;
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                throw new DocumentConflictException(name, id);
            }

            return new Document<T>(id, partitionKey, value, etag);
        }, cancellationToken);

    public Task<Document<T>> ReplaceAsync(string id, string partitionKey, T value, string ifMatch, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        Run(id, async connection =>
        {
            ArgumentException.ThrowIfNullOrEmpty(ifMatch);
            var etag = ETags.New();
            await using var command = WriteCommand(connection, id, partitionKey, value, etag, options);
            command.CommandText = $"UPDATE documents SET body = $body, etag = $etag, expires_at = $expires WHERE {Key} AND etag = $ifMatch AND {Live}";
            command.Parameters.AddWithValue("$ifMatch", ifMatch);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return new Document<T>(id, partitionKey, value, etag);
            }

            throw await ExistsAsync(connection, id, partitionKey, cancellationToken)
                ? new DocumentConcurrencyException(name, id)
                : new DocumentNotFoundException(name, id);
        }, cancellationToken);

    public Task<Document<T>> UpsertAsync(string id, string partitionKey, T value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        Run(id, async connection =>
        {
            var etag = ETags.New();
            await using var command = WriteCommand(connection, id, partitionKey, value, etag, options);
            command.CommandText = """
                INSERT INTO documents (container, pk, id, body, etag, expires_at) VALUES ($container, $pk, $id, $body, $etag, $expires)
                ON CONFLICT (container, pk, id) DO UPDATE SET body = excluded.body, etag = excluded.etag, expires_at = excluded.expires_at
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new Document<T>(id, partitionKey, value, etag);
        }, cancellationToken);

    public Task<bool> DeleteAsync(string id, string partitionKey, string? ifMatch = null, CancellationToken cancellationToken = default) =>
        Run(id, async connection =>
        {
            await using var command = Command(connection, id, partitionKey);
            command.CommandText = $"DELETE FROM documents WHERE {Key} AND ($ifMatch IS NULL OR etag = $ifMatch) AND {Live}";
            command.Parameters.AddWithValue("$ifMatch", (object?)ifMatch ?? DBNull.Value);
            if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
            {
                return true;
            }

            if (ifMatch is not null && await ExistsAsync(connection, id, partitionKey, cancellationToken))
            {
                throw new DocumentConcurrencyException(name, id);
            }

            return false;
        }, cancellationToken);

    public Task<DocumentPage<T>> QueryAsync(string partitionKey, DocumentQuery? query = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        query ??= new DocumentQuery();
        var pageSize = DocumentQueryRules.PageSize(query.PageSize);
        var orderBy = query.OrderBy is null ? null : DocumentQueryRules.PropertyName(query.OrderBy, nameof(query.OrderBy));
        var after = query.ContinuationToken is null ? null : SqliteContinuation.Parse(query.ContinuationToken, orderBy, query.Descending);

        return Run(partitionKey, async connection =>
        {
            await using var command = connection.CreateCommand();
            command.Parameters.AddWithValue("$container", name);
            command.Parameters.AddWithValue("$pk", partitionKey);
            command.Parameters.AddWithValue("$now", store.NowMilliseconds());
            var sql = new StringBuilder("SELECT id, body, etag");
            const string SortKey = "json_extract(body, $sortPath)";
            if (orderBy is not null)
            {
                sql.Append(", ").Append(SortKey);
                command.Parameters.AddWithValue("$sortPath", "$." + orderBy);
            }

            sql.Append(" FROM documents WHERE container = $container AND pk = $pk AND ").Append(Live);
            AppendFilters(sql, command, query.Filters);
            if (after is not null)
            {
                sql.Append(" AND ").Append(Keyset(after, orderBy is null ? null : SortKey, query.Descending, command));
            }

            var direction = query.Descending ? "DESC" : "ASC";
            sql.Append(" ORDER BY ");
            if (orderBy is not null)
            {
                sql.Append(SortKey).Append(' ').Append(direction).Append(", ");
            }

            sql.Append("id ").Append(direction).Append(" LIMIT $limit");
            command.Parameters.AddWithValue("$limit", pageSize + 1);
            command.CommandText = sql.ToString();

            var items = new List<Document<T>>(Math.Min(pageSize, 256));
            object? lastSortKey = null;
            var more = false;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (items.Count == pageSize)
                {
                    more = true;
                    break;
                }

                items.Add(new Document<T>(reader.GetString(0), partitionKey, Deserialize(reader.GetString(1)), reader.GetString(2)));
                lastSortKey = orderBy is null || reader.IsDBNull(3) ? null : reader.GetValue(3);
            }

            var token = more ? SqliteContinuation.Create(orderBy, query.Descending, lastSortKey, items[^1].Id) : null;
            return new DocumentPage<T>(items, token);
        }, cancellationToken);
    }

    private static void AppendFilters(StringBuilder sql, SqliteCommand command, IReadOnlyDictionary<string, object?> filters)
    {
        var index = 0;
        foreach (var (property, raw) in filters)
        {
            var path = "$f" + index.ToString(CultureInfo.InvariantCulture);
            var parameter = "$v" + index.ToString(CultureInfo.InvariantCulture);
            index++;
            command.Parameters.AddWithValue(path, "$." + DocumentQueryRules.PropertyName(property, nameof(DocumentQuery.Filters)));
            switch (DocumentQueryRules.FilterValue(property, raw))
            {
                case null:
                    sql.Append(" AND json_type(body, ").Append(path).Append(") = 'null'");
                    break;
                case bool b:
                    sql.Append(" AND json_type(body, ").Append(path).Append(") = ").Append(b ? "'true'" : "'false'");
                    break;
                case var value:
                    sql.Append(" AND json_extract(body, ").Append(path).Append(") = ").Append(parameter);
                    command.Parameters.AddWithValue(parameter, value);
                    break;
            }
        }
    }

    // Rows strictly after the last one returned, in ORDER BY <key> <dir>, id <dir>. SQLite sorts NULL first ascending, last descending.
    private static string Keyset(SqliteContinuation after, string? sortKey, bool descending, SqliteCommand command)
    {
        command.Parameters.AddWithValue("$afterId", after.Id);
        var idAfter = descending ? "id < $afterId" : "id > $afterId";
        if (sortKey is null)
        {
            return idAfter;
        }

        if (after.SortKey is null)
        {
            return descending
                ? $"({sortKey} IS NULL AND {idAfter})"
                : $"(({sortKey} IS NULL AND {idAfter}) OR {sortKey} IS NOT NULL)";
        }

        command.Parameters.AddWithValue("$afterKey", after.SortKey);
        return descending
            ? $"({sortKey} < $afterKey OR {sortKey} IS NULL OR ({sortKey} = $afterKey AND {idAfter}))"
            : $"({sortKey} > $afterKey OR ({sortKey} = $afterKey AND {idAfter}))";
    }

    private SqliteCommand Command(SqliteConnection connection, string id, string partitionKey)
    {
        var command = connection.CreateCommand();
        command.Parameters.AddWithValue("$container", name);
        command.Parameters.AddWithValue("$pk", partitionKey);
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", store.NowMilliseconds());
        return command;
    }

    private SqliteCommand WriteCommand(SqliteConnection connection, string id, string partitionKey, T value, string etag, DocumentWriteOptions? options)
    {
        ArgumentNullException.ThrowIfNull(value);
        var command = Command(connection, id, partitionKey);
        command.Parameters.AddWithValue("$body", JsonSerializer.Serialize(value, DocumentJson.Options));
        command.Parameters.AddWithValue("$etag", etag);
        object expires = DBNull.Value;
        if (options?.TimeToLive is { } ttl)
        {
            ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero, nameof(options.TimeToLive));
            expires = store.NowMilliseconds() + (long)Math.Ceiling(ttl.TotalMilliseconds);
        }

        command.Parameters.AddWithValue("$expires", expires);
        return command;
    }

    private async Task<bool> ExistsAsync(SqliteConnection connection, string id, string partitionKey, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, id, partitionKey);
        command.CommandText = $"SELECT 1 FROM documents WHERE {Key} AND {Live}";
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    private T Deserialize(string body) =>
        JsonSerializer.Deserialize<T>(body, DocumentJson.Options)
        ?? throw new InvalidOperationException($"A document in '{name}' holds JSON null.");

    private async Task<TResult> Run<TResult>(string key, Func<SqliteConnection, Task<TResult>> operation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        try
        {
            await using var connection = await store.OpenConnectionAsync(cancellationToken);
            return await operation(connection);
        }
        catch (SqliteException ex) when (ex.SqliteErrorCode is 5 or 6 or 10 or 14)
        {
            // SQLITE_BUSY, SQLITE_LOCKED (the busy timeout elapsed), SQLITE_IOERR, SQLITE_CANTOPEN: transient or environmental.
            throw new DocumentStoreUnavailableException($"The embedded document store is unavailable: {ex.Message}", ex);
        }
    }
}
