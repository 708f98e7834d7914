using System.Text.Json;
using Commerce.Contracts;

namespace Commerce.Analytics.Domain.Events;

/// <summary>One event the collector turned away, by its position in the batch and its id when it had one.</summary>
public sealed record RejectedEvent(int Index, string? Id, string Reason);

/// <summary>What the collector made of a request body: the accepted events and the rejected ones, or why the whole batch is refused.</summary>
public sealed record CollectorBatch(IReadOnlyList<StorefrontEvent> Accepted, IReadOnlyList<RejectedEvent> Rejected, string? BatchError)
{
    /// <summary>
    /// Parses <c>{"events": [...]}</c> and validates each event. The batch is refused (<see cref="BatchError"/>) when the
    /// JSON is malformed, has no <c>events</c> array, carries more than <see cref="AnalyticsOptions.MaxBatchSize"/> events,
    /// carries an event of a type only the platform sends (<see cref="StorefrontEventValidator.ServerOnlyTypes"/>: the whole
    /// batch, so a forged purchase cannot ride along with real events), or no event is valid; otherwise the valid events are accepted and each invalid one is listed with its reason.
    /// </summary>
    public static CollectorBatch Parse(ReadOnlyMemory<byte> body, StorefrontEventValidator validator)
    {
        ArgumentNullException.ThrowIfNull(validator);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            return Refused($"The body is not valid JSON: {ex.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("events", out var events)
                || events.ValueKind != JsonValueKind.Array)
            {
                return Refused("The body must be an object with an 'events' array.");
            }

            var count = events.GetArrayLength();
            if (count == 0)
            {
                return Refused("The batch has no events.");
            }

            if (count > AnalyticsOptions.MaxBatchSize)
            {
                return Refused($"The batch has {count} events; at most {AnalyticsOptions.MaxBatchSize} are accepted per request.");
            }

            var accepted = new List<StorefrontEvent>(count);
            var rejected = new List<RejectedEvent>();
            var serverOnly = new List<RejectedEvent>();
            var index = 0;
            foreach (var element in events.EnumerateArray())
            {
                var (incoming, reason) = Read(element);
                reason ??= validator.Validate(incoming!);
                if (reason is null)
                {
                    accepted.Add(incoming!.ToEvent());
                }
                else
                {
                    rejected.Add(new RejectedEvent(index, IdOf(element), reason));
                    if (StorefrontEventValidator.IsServerOnly(incoming?.Type))
                    {
                        serverOnly.Add(rejected[^1]);
                    }
                }

                index++;
            }

            return serverOnly.Count > 0
                ? new CollectorBatch([], serverOnly, $"The batch carries {serverOnly.Count} event(s) of a type only the platform sends ({string.Join(", ", serverOnly.Select(r => $"#{r.Index} '{r.Id}'"))}): nothing in it was accepted.")
                : accepted.Count == 0
                ? new CollectorBatch([], rejected, "No event in the batch is valid.")
                : new CollectorBatch(accepted, rejected, null);
        }
    }

    static (IncomingStorefrontEvent? Event, string? Reason) Read(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, "an event must be a JSON object");
        }

        try
        {
            return (element.Deserialize(ClickstreamJson.Default.IncomingStorefrontEvent), null);
        }
        catch (JsonException ex)
        {
            return (null, $"malformed event: {ex.Message}");
        }
    }

    static string? IdOf(JsonElement element) =>
        element.ValueKind == JsonValueKind.Object
        && (element.TryGetProperty("id", out var id) || element.TryGetProperty("Id", out id))
        && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;

    static CollectorBatch Refused(string error) => new([], [], error);
}
