using Commerce.Contracts;

namespace Commerce.Analytics.Domain.Events;

/// <summary>Checks one storefront event against its type's required fields and the clock; returns the reason it is rejected, or null.</summary>
public sealed class StorefrontEventValidator(AnalyticsOptions options, TimeProvider clock)
{
    public const int MaxIdLength = 128;
    public const int MaxTextLength = 256;

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
            case StorefrontEventTypes.Purchase:
                return string.IsNullOrWhiteSpace(e.OrderId) ? "missing field 'orderId' (required for purchase)"
                    : e.Value is null ? "missing field 'value' (required for purchase)"
                    : e.Value < 0 ? "value must not be negative"
                    : string.IsNullOrWhiteSpace(e.Currency) ? "missing field 'currency' (required for purchase)"
                    : !Currencies.IsSupported(e.Currency.ToUpperInvariant()) ? $"unsupported currency '{e.Currency}'"
                    : null;
            default:
                return null;
        }
    }

    static string? Text(string value, string field) => value.Length > MaxTextLength ? $"{field} must be at most {MaxTextLength} characters" : null;
}
