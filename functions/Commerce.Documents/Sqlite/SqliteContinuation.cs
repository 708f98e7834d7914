using System.Buffers.Text;
using System.Text.Json;

namespace Commerce.Documents.Sqlite;

/// <summary>
/// The embedded store's opaque continuation token: base64url of a small JSON object holding the query shape
/// (order-by property, direction) and the last row's sort key and id, so the next page starts strictly after it.
/// </summary>
internal sealed record SqliteContinuation(object? SortKey, string Id)
{
    private const string InvalidMessage = "The continuation token is not valid for this query: pass back, unchanged, a token returned by the same query.";

    public static string Create(string? orderBy, bool descending, object? sortKey, string id)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", 1);
            writer.WriteString("o", orderBy);
            writer.WriteBoolean("d", descending);
            writer.WriteString("i", id);
            switch (sortKey)
            {
                case null:
                    writer.WriteString("t", "n");
                    break;
                case long l:
                    writer.WriteString("t", "i");
                    writer.WriteNumber("k", l);
                    break;
                case double d:
                    writer.WriteString("t", "r");
                    writer.WriteNumber("k", d);
                    break;
                case string s:
                    writer.WriteString("t", "s");
                    writer.WriteString("k", s);
                    break;
                default:
                    throw new NotSupportedException($"Cannot page on a sort key of type {sortKey.GetType().Name}.");
            }

            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.ToArray());
    }

    public static SqliteContinuation Parse(string token, string? orderBy, bool descending)
    {
        try
        {
            using var json = JsonDocument.Parse(Base64Url.DecodeFromChars(token));
            var root = json.RootElement;
            if (root.GetProperty("v").GetInt32() != 1
                || root.GetProperty("o").GetString() != orderBy
                || root.GetProperty("d").GetBoolean() != descending)
            {
                throw new ArgumentException(InvalidMessage, nameof(DocumentQuery.ContinuationToken));
            }

            var id = root.GetProperty("i").GetString() ?? throw new ArgumentException(InvalidMessage, nameof(DocumentQuery.ContinuationToken));
            object? key = root.GetProperty("t").GetString() switch
            {
                "n" => null,
                "i" => root.GetProperty("k").GetInt64(),
                "r" => root.GetProperty("k").GetDouble(),
                "s" => root.GetProperty("k").GetString(),
                _ => throw new ArgumentException(InvalidMessage, nameof(DocumentQuery.ContinuationToken)),
            };
            return new SqliteContinuation(key, id);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ArgumentException(InvalidMessage, nameof(DocumentQuery.ContinuationToken), ex);
        }
    }
}
