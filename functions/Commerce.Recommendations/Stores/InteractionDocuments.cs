using System.Globalization;
using Commerce.Recommendations.Interactions;

namespace Commerce.Recommendations.Stores;

/// <summary>
/// The <c>interactions</c> container, written by the analytics app's clickstream ingestion and read by serving and
/// training. Three kinds of document, each found by a point read or a single-partition query:
/// <list type="bullet">
/// <item>per shopper (<c>pk = c:{customerId}</c> or <c>s:{sessionId}</c>, <c>id = activity</c>): recent interactions and
/// purchased products (<see cref="ShopperActivity"/>), what serving excludes and personalises from;</item>
/// <item>per hour (<c>pk = h:{yyyyMMddHH}</c>, <c>id = event id</c>): the interaction log training reads, one
/// partition per hour of its data window (<see cref="LoggedInteraction"/>);</item>
/// <item><c>pk = id = trending</c>: the trending products analytics computes from its aggregates (<see cref="TrendingList"/>).</item>
/// </list>
/// </summary>
public static class InteractionsContainer
{
    public const string Name = "interactions";
    public const string ActivityId = "activity";
    public const string TrendingId = "trending";

    public static string CustomerKey(string customerId) => "c:" + customerId;

    public static string SessionKey(string sessionId) => "s:" + sessionId;

    public static string HourKey(DateTimeOffset at) => "h:" + at.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);
}

/// <summary>One interaction in the hourly log (id = the clickstream event id, so a redelivered event overwrites itself).</summary>
public sealed record LoggedInteraction(string UserId, string ProductId, InteractionKind Kind, DateTimeOffset Timestamp);

/// <summary>A shopper's recent interactions (oldest first, capped) and the products they bought (capped, newest last).</summary>
public sealed record ShopperActivity
{
    public IReadOnlyList<ActivityEntry> Recent { get; init; } = [];

    public IReadOnlyList<string> Purchased { get; init; } = [];
}

/// <summary>A recent interaction with the id of the event it came from (the dedupe key).</summary>
public sealed record ActivityEntry(string EventId, string ProductId, InteractionKind Kind, DateTimeOffset Timestamp);

/// <summary>Trending products, most trending first, and the aggregate range they were computed from.</summary>
public sealed record TrendingList(IReadOnlyList<string> ProductIds, DateTimeOffset From, DateTimeOffset To);
