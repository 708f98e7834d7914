using System.Globalization;
using Commerce.Analytics.Domain.Aggregation;

namespace Commerce.Analytics.Domain.Summary;

/// <summary>A validated summary request: a half-open UTC range [From, To) split into buckets of one granularity.</summary>
public sealed record SummaryQuery(DateTimeOffset From, DateTimeOffset To, Granularity Granularity)
{
    /// <summary>The first instant a summary accepts (inclusive).</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The end of the instants a summary accepts (exclusive).</summary>
    public static readonly DateTimeOffset Latest = new(9000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The accepted range as the refusal states it (and the document describes it).</summary>
    public const string AcceptedRange = "from 2000-01-01T00:00:00Z up to 9000-01-01T00:00:00Z (exclusive)";

    /// <summary>Longest range per granularity (roll-ups are computed from minute windows at query time).</summary>
    public static TimeSpan MaxSpan(Granularity granularity) => granularity switch
    {
        Granularity.Minute => TimeSpan.FromHours(24),
        Granularity.Hour => TimeSpan.FromDays(2),
        _ => TimeSpan.FromDays(7),
    };

    /// <summary>
    /// Parses the query string values. <paramref name="from"/> and <paramref name="to"/> are ISO 8601 instants (to
    /// defaults to now, from to an hour before to); granularity is minute (default), hour or day. Returns the errors by
    /// parameter name when the request is not valid.
    /// </summary>
    public static (SummaryQuery? Query, Dictionary<string, string[]> Errors) Parse(string? from, string? to, string? granularity, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var end = ParseInstant(to, "to", now, errors);
        var start = ParseInstant(from, "from", end - TimeSpan.FromHours(1), errors);
        var size = Granularity.Minute;
        if (!string.IsNullOrWhiteSpace(granularity) && (!Enum.TryParse(granularity, ignoreCase: true, out size) || !Enum.IsDefined(size) || int.TryParse(granularity, out _)))
        {
            errors["granularity"] = ["granularity must be minute, hour or day."];
        }

        if (errors.Count == 0 && start >= end)
        {
            errors["from"] = ["from must be before to."];
        }

        if (errors.Count == 0 && end - start > MaxSpan(size))
        {
            errors["to"] = [$"A {size.ToString().ToLowerInvariant()} summary covers at most {MaxSpan(size).TotalHours.ToString(CultureInfo.InvariantCulture)} hours."];
        }

        return errors.Count == 0 ? (new SummaryQuery(start, end, size), errors) : (null, errors);
    }

    static DateTimeOffset ParseInstant(string? value, string name, DateTimeOffset fallback, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return fallback;
        }

        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            errors[name] = [$"{name} must be an ISO 8601 date and time, e.g. 2026-11-25T16:00:00Z."];
            return fallback;
        }

        if (instant < Earliest || instant >= Latest)
        {
            errors[name] = [$"{name} must be {AcceptedRange}."];
            return fallback;
        }

        return instant;
    }
}
