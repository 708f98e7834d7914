using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Azure.Cosmos;

namespace Commerce.Documents.Cosmos;

internal sealed class CosmosDocumentContainer<T>(string name, Func<string, CancellationToken, Task<Container>> getContainer)
    : IDocumentContainer<T>
    where T : class
{
    public Task<Document<T>?> ReadAsync(string id, string partitionKey, CancellationToken cancellationToken = default) =>
        Run(async container =>
        {
            using var response = await container.ReadItemStreamAsync(id, new PartitionKey(partitionKey), cancellationToken: cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            ThrowOnFailure(response, id);
            using var json = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
            return ToDocument(json.RootElement, partitionKey, response.Headers.ETag);
        }, id, partitionKey, cancellationToken);

    public Task<Document<T>> CreateAsync(string id, string partitionKey, T value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        WriteAsync(id, partitionKey, value, options, null, (container, content, request) => container.CreateItemStreamAsync(content, new PartitionKey(partitionKey), request, cancellationToken), cancellationToken);

    public Task<Document<T>> ReplaceAsync(string id, string partitionKey, T value, string ifMatch, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(ifMatch);
        return WriteAsync(id, partitionKey, value, options, ifMatch, (container, content, request) => container.ReplaceItemStreamAsync(content, id, new PartitionKey(partitionKey), request, cancellationToken), cancellationToken);
    }

    public Task<Document<T>> UpsertAsync(string id, string partitionKey, T value, DocumentWriteOptions? options = null, CancellationToken cancellationToken = default) =>
        WriteAsync(id, partitionKey, value, options, null, (container, content, request) => container.UpsertItemStreamAsync(content, new PartitionKey(partitionKey), request, cancellationToken), cancellationToken);

    // Every write: the envelope out, the status mapped to the port's exceptions, the new ETag back.
    Task<Document<T>> WriteAsync(string id, string partitionKey, T value, DocumentWriteOptions? options, string? ifMatch, Func<Container, Stream, ItemRequestOptions?, Task<ResponseMessage>> send, CancellationToken cancellationToken) =>
        Run(async container =>
        {
            using var content = Envelope(id, partitionKey, value, options);
            using var response = await send(container, content, WriteOptions(ifMatch));
            ThrowOnFailure(response, id);
            return new Document<T>(id, partitionKey, value, ETagOf(response));
        }, id, partitionKey, cancellationToken);

    public Task<bool> DeleteAsync(string id, string partitionKey, string? ifMatch = null, CancellationToken cancellationToken = default) =>
        Run(async container =>
        {
            using var response = await container.DeleteItemStreamAsync(id, new PartitionKey(partitionKey), WriteOptions(ifMatch), cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            ThrowOnFailure(response, id);
            return true;
        }, id, partitionKey, cancellationToken);

    public Task<DocumentPage<T>> QueryAsync(string partitionKey, DocumentQuery? query = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(partitionKey);
        query ??= new DocumentQuery();
        var pageSize = DocumentQueryRules.PageSize(query.PageSize);
        var definition = BuildQuery(partitionKey, query);
        var requestOptions = new QueryRequestOptions { PartitionKey = new PartitionKey(partitionKey), MaxItemCount = pageSize };

        return Run(async container =>
        {
            ResponseMessage response;
            try
            {
                using var iterator = container.GetItemQueryStreamIterator(definition, query.ContinuationToken, requestOptions);
                if (!iterator.HasMoreResults)
                {
                    return new DocumentPage<T>([], null);
                }

                response = await iterator.ReadNextAsync(cancellationToken);
            }
            catch (Exception ex) when (query.ContinuationToken is not null && ex is ArgumentException or FormatException or JsonException
                || (ex is CosmosException { StatusCode: HttpStatusCode.BadRequest } && query.ContinuationToken is not null))
            {
                throw InvalidContinuation(ex);
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.BadRequest && query.ContinuationToken is not null)
                {
                    throw InvalidContinuation(ErrorOf(response));
                }

                ThrowOnFailure(response, partitionKey);
                using var json = await JsonDocument.ParseAsync(response.Content, cancellationToken: cancellationToken);
                var items = new List<Document<T>>();
                foreach (var item in json.RootElement.GetProperty("Documents").EnumerateArray())
                {
                    items.Add(ToDocument(item, partitionKey, etagHeader: null));
                }

                return new DocumentPage<T>(items, string.IsNullOrEmpty(response.ContinuationToken) ? null : response.ContinuationToken);
            }
        }, partitionKey, partitionKey, cancellationToken);
    }

    internal static QueryDefinition BuildQuery(string partitionKey, DocumentQuery query)
    {
        var sql = new StringBuilder("SELECT * FROM c WHERE c.pk = @pk");
        var parameters = new List<(string Name, object? Value)> { ("@pk", partitionKey) };
        var index = 0;
        foreach (var (property, raw) in query.Filters)
        {
            var path = Path(DocumentQueryRules.PropertyName(property, nameof(DocumentQuery.Filters)));
            var parameter = "@f" + index.ToString(CultureInfo.InvariantCulture);
            index++;
            sql.Append(" AND ").Append(path).Append(" = ").Append(parameter);
            parameters.Add((parameter, DocumentQueryRules.FilterValue(property, raw)));
        }

        // One ORDER BY term works on the default range index; ties are kept stable across pages by the SDK's continuation.
        var orderBy = query.OrderBy is null ? "c.id" : Path(DocumentQueryRules.PropertyName(query.OrderBy, nameof(DocumentQuery.OrderBy)));
        sql.Append(" ORDER BY ").Append(orderBy).Append(query.Descending ? " DESC" : " ASC");

        var definition = new QueryDefinition(sql.ToString());
        foreach (var (parameterName, value) in parameters)
        {
            definition.WithParameter(parameterName, value);
        }

        return definition;
    }

    private static string Path(string property) => "c.body[\"" + property + "\"]";

    private static ItemRequestOptions? WriteOptions(string? ifMatch) =>
        ifMatch is null ? null : new ItemRequestOptions { IfMatchEtag = ifMatch };

    private static MemoryStream Envelope(string id, string partitionKey, T value, DocumentWriteOptions? options)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(value);
        var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("id", id);
            writer.WriteString("pk", partitionKey);
            if (options?.TimeToLive is { } ttl)
            {
                ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ttl, TimeSpan.Zero, nameof(options.TimeToLive));
                writer.WriteNumber("ttl", (int)Math.Min(int.MaxValue, Math.Ceiling(ttl.TotalSeconds)));
            }

            writer.WritePropertyName("body");
            JsonSerializer.Serialize(writer, value, DocumentJson.Options);
            writer.WriteEndObject();
        }

        stream.Position = 0;
        return stream;
    }

    private Document<T> ToDocument(JsonElement item, string partitionKey, string? etagHeader)
    {
        var id = item.GetProperty("id").GetString()!;
        var etag = etagHeader ?? (item.TryGetProperty("_etag", out var e) ? e.GetString() : null)
            ?? throw new InvalidOperationException($"Cosmos DB returned item '{id}' of '{name}' without an ETag.");
        var value = item.TryGetProperty("body", out var body) ? body.Deserialize<T>(DocumentJson.Options) : null;
        return new Document<T>(id, partitionKey, value ?? throw new InvalidOperationException($"Item '{id}' of '{name}' has no body."), etag);
    }

    private string ETagOf(ResponseMessage response) =>
        response.Headers.ETag ?? throw new InvalidOperationException($"Cosmos DB answered a write to '{name}' without an ETag.");

    private void ThrowOnFailure(ResponseMessage response, string id)
    {
        if (response.IsSuccessStatusCode)
        {
            return;
        }

        var inner = ErrorOf(response);
        throw response.StatusCode switch
        {
            HttpStatusCode.NotFound => new DocumentNotFoundException(name, id, inner),
            HttpStatusCode.Conflict => new DocumentConflictException(name, id, inner),
            HttpStatusCode.PreconditionFailed => new DocumentConcurrencyException(name, id, inner),
            var status when CosmosErrors.IsTransientStatus(status) => CosmosErrors.Unavailable(inner),
            _ => inner,
        };
    }

    private static CosmosException ErrorOf(ResponseMessage response) =>
        new(
            string.IsNullOrEmpty(response.ErrorMessage) ? $"Cosmos DB answered {(int)response.StatusCode}." : response.ErrorMessage,
            response.StatusCode,
            int.TryParse(response.Headers["x-ms-substatus"], out var subStatus) ? subStatus : 0,
            response.Headers.ActivityId ?? string.Empty,
            response.Headers.RequestCharge);

    private static ArgumentException InvalidContinuation(Exception? inner) =>
        new("The continuation token is not valid for this query: pass back, unchanged, a token returned by the same query.",
            nameof(DocumentQuery.ContinuationToken), inner);

    private async Task<TResult> Run<TResult>(Func<Container, Task<TResult>> operation, string id, string partitionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        ArgumentNullException.ThrowIfNull(partitionKey);
        try
        {
            var container = await getContainer(name, cancellationToken);
            return await operation(container);
        }
        catch (Exception ex) when (ex is not DocumentStoreException && CosmosErrors.IsTransient(ex, cancellationToken))
        {
            throw CosmosErrors.Unavailable(ex);
        }
    }
}
