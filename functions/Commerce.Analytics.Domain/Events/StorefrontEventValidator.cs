using Commerce.Contracts;

namespace Commerce.Analytics.Domain.Events;

/// <summary>Checks one storefront event from a client against its type's required fields and the clock; returns the reason it is rejected, or null.</summary>
public sealed class StorefrontEventValidator(AnalyticsOptions options, TimeProvider clock)
{
    public const int MaxIdLength = 128;
    public const int MaxTextLength = 256;

    /// <summary>
    /// Types only the platform itself sends (the orders app publishes <c>purchase</c> server-side when an order is
    /// placed); a client that posts one is refused, so revenue cannot be forged through the collector.
    /// </summary>
    public static IReadOnlySet<string> ServerOnlyTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { StorefrontEventTypes.Purchase };

    public static bool IsServerOnly(string? type) => type is not null && ServerOnlyTypes.Contains(type);

    public string? Validate(IncomingStorefrontEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var missing = MissingField(e);
        if (missing is not null)
        {
            return $"missing field '{missing}'";
        }

        if (!StorefrontEventTypes.All.Contains(e.Type!))
        {
            return $"unknown type '{e.Type}'";
        }

        if (IsServerOnly(e.Type))
        {
            return $"'{e.Type}' events come from the platform only, never from clients";
        }

        if (e.Id!.Length > MaxIdLength || e.SessionId!.Length > MaxIdLength)
        {
            return $"id and sessionId must be at most {MaxIdLength} characters";
        }

        var now = clock.GetUtcNow();
        if (e.Timestamp > now + options.MaxClockSkew)
        {
            return "timestamp is too far in the future";
        }

        if (e.Timestamp < now - options.LateEventHorizon)
        {
            return "timestamp is older than the late-event horizon";
        }

        return TypeSpecific(e);
    }

    static string? MissingField(IncomingStorefrontEvent e) =>
        string.IsNullOrWhiteSpace(e.Id) ? "id"
        : string.IsNullOrWhiteSpace(e.Type) ? "type"
        : string.IsNullOrWhiteSpace(e.SessionId) ? "sessionId"
        : e.Timestamp is null ? "timestamp"
        : null;

    static string? TypeSpecific(IncomingStorefrontEvent e)
    {
        switch (e.Type)
        {
            case StorefrontEventTypes.ProductView or StorefrontEventTypes.AddToCart or StorefrontEventTypes.RemoveFromCart:
                return string.IsNullOrWhiteSpace(e.ProductId) ? $"missing field 'productId' (required for {e.Type})" : Text(e.ProductId, "productId");
            case StorefrontEventTypes.Search:
                if (string.IsNullOrWhiteSpace(e.Query))
                {
                    return "missing field 'query' (required for search)";
                }

                return e.ResultCount is null ? "missing field 'resultCount' (required for search)"
                    : e.ResultCount < 0 ? "resultCount must not be negative"
                    : Text(e.Query, "query");
            default:
                return null;
        }
    }

    static string? Text(string value, string field) => value.Length > MaxTextLength ? $"{field} must be at most {MaxTextLength} characters" : null;
}
