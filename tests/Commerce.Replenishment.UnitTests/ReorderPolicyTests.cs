namespace Commerce.Replenishment.UnitTests;

public sealed class ReorderPolicyTests
{
    [Theory]
    [InlineData(0.5, 0)]
    [InlineData(0.95, 1.644854)]
    [InlineData(0.99, 2.326348)]
    [InlineData(0.01, -2.326348)]
    [InlineData(0.999, 3.090232)]
    public void Normal_quantile_matches_the_tables(double p, double z) =>
        Assert.Equal(z, NormalQuantile.Of(p), 5);

    [Fact]
    public void Reorder_point_is_lead_time_demand_plus_z_error_deviations_over_the_lead_time()
    {
        float[] week = [10, 10, 10, 10, 10, 20, 20];
        var levels = ReorderPolicy.Compute("A", "w", week, dailyErrorDeviation: 4, new SupplyTerms("s", "w", LeadTimeDays: 9, ReviewDays: 5), 0.95);

        Assert.Equal(110, levels.LeadTimeDemand); // a week of 90 then Monday and Tuesday again
        Assert.Equal(1.644854 * 4 * 3, levels.SafetyStock, 4);
        Assert.Equal(130, levels.ReorderPoint); // ceil(110 + 19.74)
        Assert.Equal(205, levels.OrderUpTo); // ceil(180 + 1.645 * 4 * sqrt(14)) = ceil(204.6)
    }

    [Fact]
    public void A_higher_service_level_holds_more_safety_stock()
    {
        float[] week = [5, 5, 5, 5, 5, 5, 5];
        var terms = new SupplyTerms("s", "w", 7);

        var usual = ReorderPolicy.Compute("A", "w", week, 3, terms, 0.95);
        var strict = ReorderPolicy.Compute("A", "w", week, 3, terms, 0.99);

        Assert.True(strict.ReorderPoint > usual.ReorderPoint);
    }

    [Theory]
    [InlineData(0, 1, "leadTimeDays")]
    [InlineData(181, 1, "leadTimeDays")]
    [InlineData(-3, 1, "leadTimeDays")]
    [InlineData(7, 0, "reviewDays")]
    [InlineData(7, 57, "reviewDays")]
    public void Lead_times_and_review_periods_outside_sane_ranges_are_refused_naming_the_field(int leadTime, int review, string field) =>
        Assert.Equal(field, ReplenishmentLimits.Problem(new SupplyTerms("s", "w", leadTime, review))?.Field);

    [Theory]
    [InlineData(0.49)]
    [InlineData(1.0)]
    [InlineData(0.9995)]
    [InlineData(double.NaN)]
    public void Service_levels_outside_sane_ranges_are_refused(double level) =>
        Assert.NotNull(ReplenishmentLimits.Problem(new CategoryServiceLevel("shoes", level)));

    [Fact]
    public void Sane_terms_and_service_levels_pass()
    {
        Assert.Null(ReplenishmentLimits.Problem(new SupplyTerms("s", "w", 1, 1)));
        Assert.Null(ReplenishmentLimits.Problem(new SupplyTerms("s", "w", 180, 56)));
        Assert.Null(ReplenishmentLimits.Problem(new CategoryServiceLevel("shoes", 0.5)));
        Assert.Null(ReplenishmentLimits.Problem(new CategoryServiceLevel("shoes", 0.999)));
    }

    [Fact]
    public void Computing_levels_with_a_refused_lead_time_throws() =>
        Assert.Throws<ArgumentException>(() => ReorderPolicy.Compute("A", "w", [1f], 1, new SupplyTerms("s", "w", 0), 0.95));
}
