using System.Diagnostics;

namespace Commerce.Contracts;

/// <summary>
/// W3C trace context (<c>traceparent</c>) carried in messages: what a sender stamps, so the receiver's work continues
/// (or links back to) the trace of the request that caused it. Storage queue messages have no properties, so the
/// warehouse messages carry it as a <c>traceparent</c> field; Event Hubs events carry it as an application property.
/// </summary>
public static class TraceParents
{
    /// <summary>The name of the field or property, as in the W3C header.</summary>
    public const string Name = "traceparent";

    /// <summary>Longest traceparent accepted from a message (version 00 is 55 characters; later versions may add fields).</summary>
    public const int MaxLength = 256;

    /// <summary>The current span's traceparent, or null when nothing is being traced.</summary>
    public static string? Current() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>The context a traceparent names; null when it is missing or not a valid W3C traceparent (never an error: tracing must not fail work).</summary>
    public static ActivityContext? Parse(string? traceparent)
        => traceparent is { Length: > 0 and <= MaxLength } && ActivityContext.TryParse(traceparent, null, isRemote: true, out var context) ? context : null;
}
