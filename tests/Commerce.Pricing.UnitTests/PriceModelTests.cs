namespace Commerce.Pricing.UnitTests;

public sealed class PriceModelTests
{
    static readonly DateOnly Monday = new(2026, 11, 2);

    /// <summary>Poisson units at a known elasticity, prices spread over ±25 % of 1,000.</summary>
    static List<PriceObservation> History(double elasticity, int days, double spread, int seed = 7)
    {
        var random = new Random(seed);
        var rows = new List<PriceObservation>();
        for (var i = 0; i < days; i++)
        {
            var price = (long)(1_000 * (1 + (spread * ((2 * random.NextDouble()) - 1))));
            var units = PriceSensitiveMarket.Poisson(random, 20 * Math.Pow(price / 1_000.0, elasticity));
            rows.Add(new PriceObservation("SKU-1", Monday.AddDays(i), price, 1_000, 500, units));
        }

        return rows;
    }

    [Fact]
    public void The_trainer_recovers_the_elasticity_of_Poisson_demand()
    {
        var model = PriceModelTrainer.Train("denim", History(-2.5, days: 400, spread: 0.25), DateTimeOffset.UnixEpoch);

        Assert.NotNull(model);
        Assert.InRange(model.Elasticity, -2.8, -2.2);
        Assert.Equal((400, 1), (model.Observations, model.Skus));
    }

    [Fact]
    public void A_history_whose_price_never_moved_trains_no_model()
    {
        Assert.Null(PriceModelTrainer.Train("denim", History(-2.5, days: 400, spread: 0), DateTimeOffset.UnixEpoch));
        Assert.Null(PriceModelTrainer.Train("denim", History(-2.5, days: PriceModelTrainer.MinObservations - 1, spread: 0.25), DateTimeOffset.UnixEpoch));
    }

    static (Money, Money) Band(long low, long high) => (Money.Of(low, "EUR"), Money.Of(high, "EUR"));

    [Fact]
    public void With_elastic_demand_the_best_price_is_the_margin_peak_clamped_to_the_band()
    {
        var cost = Money.Of(1_000, "EUR");

        // ε = −2: the peak is cost·ε/(1+ε) = 2 × cost.
        Assert.Equal(Money.Of(2_000, "EUR"), PriceOptimizer.Best(-2, cost, Band(1_100, 3_000)));
        Assert.Equal(Money.Of(1_800, "EUR"), PriceOptimizer.Best(-2, cost, Band(1_100, 1_800)));
        Assert.Equal(Money.Of(2_500, "EUR"), PriceOptimizer.Best(-2, cost, Band(2_500, 3_000)));
    }

    [Fact]
    public void With_inelastic_demand_the_best_price_is_the_top_of_a_bounded_band_and_no_move_without_one()
    {
        var cost = Money.Of(1_000, "EUR");

        Assert.Equal(Money.Of(3_000, "EUR"), PriceOptimizer.Best(-0.5, cost, Band(1_100, 3_000)));
        Assert.Null(PriceOptimizer.Best(-0.5, cost, Band(1_100, long.MaxValue)));
        Assert.Null(PriceOptimizer.Best(-2, cost, Band(2_000, 1_900)));
    }

    [Fact]
    public void The_model_never_cuts_the_price_of_stock_that_lasts_fewer_days_than_the_cover_limit()
    {
        var situation = new PriceSituation(Money.Of(3_000, "EUR"), Money.Of(3_000, "EUR"), Money.Of(1_000, "EUR"), new Guardrail(), InCheckout: false);
        var model = new PriceResponseModel { CategoryId = "denim", Elasticity = -2 };

        // 28 units over 28 days: 1 a day; 6 units available last 6 days, under the 7-day limit.
        Assert.Null(PricingRunRule.Target(situation, model, new DemandSignal(28, 1_000, 100, 28, Available: 6), lowStockCoverDays: 7));
        Assert.Equal(Money.Of(2_000, "EUR"), PricingRunRule.Target(situation, model, new DemandSignal(28, 1_000, 100, 28, Available: 60), lowStockCoverDays: 7));
    }
}
