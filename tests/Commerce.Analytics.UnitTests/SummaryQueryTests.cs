using Commerce.Analytics.Domain.Aggregation;
using Commerce.Analytics.Domain.Summary;

namespace Commerce.Analytics.UnitTests;

public sealed class SummaryQueryTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_first_instant_of_2000_is_accepted()
    {
        var (query, errors) = SummaryQuery.Parse("2000-01-01T00:00:00Z", "2000-01-01T01:00:00Z", null, Now);

        Assert.Empty(errors);
        Assert.Equal(new SummaryQuery(new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2000, 1, 1, 1, 0, 0, TimeSpan.Zero), Granularity.Minute), query);
    }

    [Theory]
    [InlineData("1999-12-31T23:59:59Z")]
    [InlineData("9000-01-01T00:00:00Z")]
    public void An_instant_outside_the_accepted_range_is_refused_with_the_range(string from)
    {
        var (_, errors) = SummaryQuery.Parse(from, null, null, Now);

        Assert.Equal(["from must be from 2000-01-01T00:00:00Z up to 9000-01-01T00:00:00Z (exclusive)."], errors["from"]);
    }

    [Fact]
    public void An_instant_that_is_not_one_is_refused_as_malformed()
    {
        var (_, errors) = SummaryQuery.Parse("yesterday", null, null, Now);

        Assert.Equal(["from must be an ISO 8601 date and time, e.g. 2026-11-25T16:00:00Z."], errors["from"]);
    }
}
