namespace Commerce.Pricing.UnitTests;

public sealed class PricingRunRuleTests
{
    static CompetitorPrice Seen(long price, string currency = "EUR", string competitor = "rival") => new() { Sku = "SKU-1", Competitor = competitor, Price = price, Currency = currency };

    [Fact]
    public void The_run_aims_at_the_lowest_competitor_price_in_the_same_currency()
    {
        var target = PricingRunRule.Target(Money.Of(2_000, "EUR"), [Seen(2_100), Seen(1_900, competitor: "other"), Seen(1_000, "USD")], available: 100);

        Assert.Equal(Money.Of(1_900, "EUR"), target);
    }

    [Fact]
    public void Without_competitor_prices_in_the_currency_the_run_does_not_move_the_price()
        => Assert.Null(PricingRunRule.Target(Money.Of(2_000, "EUR"), [Seen(1_000, "USD")], available: 100));

    [Fact]
    public void Scarce_stock_is_never_discounted_but_may_follow_the_market_up()
    {
        Assert.Null(PricingRunRule.Target(Money.Of(2_000, "EUR"), [Seen(1_900)], available: PricingRunRule.LowStockUnits));
        Assert.Equal(Money.Of(2_100, "EUR"), PricingRunRule.Target(Money.Of(2_000, "EUR"), [Seen(2_100)], available: 0));
    }
}
