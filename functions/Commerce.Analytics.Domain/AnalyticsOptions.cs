using System.ComponentModel.DataAnnotations;

namespace Commerce.Analytics.Domain;

/// <summary>Settings of the clickstream pipeline (section <c>Analytics</c>).</summary>
public sealed class AnalyticsOptions
{
    public const string Section = "Analytics";

    /// <summary>Most events one collector request may carry.</summary>
    public const int MaxBatchSize = 500;

    /// <summary>How far ahead of the server clock an event timestamp may be (client clocks drift).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The late-event and dedupe horizon: events up to this old land in their own window and are deduplicated by id
    /// there; older ones are rejected by the collector and dropped by the aggregator (their windows may have expired).
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan LateEventHorizon { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long minute aggregates are kept (document TTL); must exceed the late-event horizon.</summary>
    [Range(typeof(TimeSpan), "00:02:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(35);

    public bool IsConsistent => Retention > LateEventHorizon;
}
