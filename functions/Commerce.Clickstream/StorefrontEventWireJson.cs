using System.Text.Json;
using System.Text.Json.Serialization;
using Commerce.Contracts;

namespace Commerce.Clickstream;

/// <summary>The wire format of one event on the clickstream: JSON with web defaults (camelCase), nulls omitted.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(StorefrontEvent))]
public sealed partial class StorefrontEventWireJson : JsonSerializerContext;
