namespace Commerce.Recommendations.Interactions;

/// <summary>What a shopper did with a product: implicit feedback, strongest last.</summary>
public enum InteractionKind : byte
{
    View = 1,
    AddToCart = 2,
    Purchase = 3,
}

/// <summary>
/// One implicit-feedback event: a customer (or an anonymous session) did <see cref="Kind"/> to a product at a time.
/// <see cref="UserId"/> is the customer id when known, else the session id.
/// </summary>
public readonly record struct Interaction(string UserId, string ProductId, InteractionKind Kind, DateTimeOffset Timestamp)
{
    /// <summary>How much this event says about taste (see <see cref="InteractionWeights"/>).</summary>
    public float Weight => InteractionWeights.Of(Kind);
}

/// <summary>
/// The implicit-feedback weights: a view is a weak signal, an add-to-cart three times stronger, a purchase five times.
/// They scale co-occurrence, popularity and taste affinities alike.
/// </summary>
public static class InteractionWeights
{
    public const float View = 1f;
    public const float AddToCart = 3f;
    public const float Purchase = 5f;

    public static float Of(InteractionKind kind) => kind switch
    {
        InteractionKind.Purchase => Purchase,
        InteractionKind.AddToCart => AddToCart,
        _ => View,
    };
}

/// <summary>What training may know about a product beyond its id (both optional: unknown is fine).</summary>
public sealed record ProductFacts(string ProductId, string? Category, string? Brand);

/// <summary>A shopper's interaction with a product, as serving sees it (no user id: it is the shopper's own).</summary>
public readonly record struct ProductInteraction(string ProductId, InteractionKind Kind, DateTimeOffset Timestamp)
{
    public float Weight => InteractionWeights.Of(Kind);
}
