using Commerce.Analytics.Testing;
using Commerce.Contracts;
using Commerce.DevHost.Analytics;
using Commerce.Testing;

namespace Commerce.Analytics.IntegrationTests;

public sealed class EventsGeneratorTests
{
    static readonly DateTimeOffset Start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    static List<StorefrontEvent> Sessions(int seed)
    {
        var generator = new StorefrontSessionGenerator(seed, "run");
        return [.. Enumerable.Range(0, 50).SelectMany(_ => generator.NextSession(Start))];
    }

    [Fact]
    public void The_same_seed_generates_the_same_sessions()
    {
        var first = Sessions(42);
        Assert.Equal(first, Sessions(42));
        Assert.NotEqual(first, Sessions(43));
    }

    [Fact]
    public void Generated_sessions_are_valid_funnels_with_purchases_in_a_real_currency()
    {
        var generator = new StorefrontSessionGenerator(1, "run");
        var events = Enumerable.Range(0, 500).SelectMany(_ => generator.NextSession(Start)).ToList();
        Assert.Equal(events.Count, events.Select(e => e.Id).Distinct().Count());
        Assert.All(events.GroupBy(e => e.SessionId), session => Assert.Equal(StorefrontEventTypes.PageView, session.First().Type));
        var purchases = events.Where(e => e.Type == StorefrontEventTypes.Purchase).ToList();
        Assert.NotEmpty(purchases);
        Assert.All(purchases, p => Assert.True(Currencies.IsSupported(p.Currency) && p.Value > 0 && p.OrderId is not null));
        Assert.True(events.Count(e => e.Type == StorefrontEventTypes.AddToCart) > purchases.Count);
    }

    [Fact]
    public async Task When_enabled_the_dev_host_generator_gives_the_dashboard_live_numbers()
    {
        await using var server = await DevHostServer.StartAsync(new Dictionary<string, string?>
        {
            ["DevHost:EventsGenerator:Enabled"] = "true",
            ["DevHost:EventsGenerator:SessionsPerSecond"] = "40",
        });
        await Eventually.UntilAsync(
            async () => DevHostServer.Count(await server.SummaryAsync(TestContext.Current.CancellationToken), "productViews") > 20,
            TimeSpan.FromSeconds(20),
            because: "generated sessions should reach the summary",
            cancellationToken: TestContext.Current.CancellationToken);
    }
}
