using System.Text.Json;
using System.Text.Json.Serialization;
using Commerce.Contracts;

namespace Commerce.Clickstream;

/// <summary>The wire format of one event on the clickstream: JSON with web defaults (camelCase), nulls omitted.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StorefrontEvent))]
public sealed partial class StorefrontEventWireJson : JsonSerializerContext;

/// <summary>Reads the wire format.</summary>
public static class StorefrontEventWire
{
    /// <summary>The event a message body carries; <see cref="JsonException"/> when it carries none.</summary>
    public static StorefrontEvent Parse(string body) => Present(JsonSerializer.Deserialize(body, StorefrontEventWireJson.Default.StorefrontEvent));

    /// <summary>The event a UTF-8 message body (an Event Hubs event's) carries; <see cref="JsonException"/> when it carries none.</summary>
    public static StorefrontEvent Parse(ReadOnlySpan<byte> body) => Present(JsonSerializer.Deserialize(body, StorefrontEventWireJson.Default.StorefrontEvent));

    static StorefrontEvent Present(StorefrontEvent? parsed) => parsed ?? throw new JsonException("The message holds no clickstream event.");
}
