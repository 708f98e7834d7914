using System.Text.Json;
using System.Text.Json.Serialization;
using Commerce.Contracts;

namespace Commerce.Analytics.Domain.Events;

/// <summary>A batch of events as the collector receives it and as serialized batches travel: <c>{"events": [...]}</c>.</summary>
public sealed record StorefrontEventBatch(IReadOnlyList<StorefrontEvent> Events);

/// <summary>Source-generated JSON for the clickstream's hot payloads (web defaults: camelCase, case-insensitive reads).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, MaxDepth = 32)]
[JsonSerializable(typeof(StorefrontEvent))]
[JsonSerializable(typeof(StorefrontEventBatch))]
[JsonSerializable(typeof(IncomingStorefrontEvent))]
public sealed partial class ClickstreamJson : JsonSerializerContext;
