namespace Commerce.Cart.UnitTests;

public sealed class PromotionTests
{
    static Promotion Percent(int bps, bool stackable = false) => new() { Code = "P" + bps, Kind = PromotionKind.PercentOff, PercentBasisPoints = bps, Stackable = stackable };

    [Fact]
    public void Percent_off_rounds_each_line_half_away_from_zero()
    {
        // 10.05 × 10 % = 1.005 → 1.01 on each of two lines (per line, not 2.01 on the order).
        var priced = Pricing.Price(Pricing.Cart("EUR", ("MUG", 1), ("SOCKS", 1)), Percent(1_000));

        Assert.Equal([101L, 50L], priced.Lines.Select(l => l.Discount));
        Assert.Equal(151, priced.Discount);
    }

    [Fact]
    public void Percent_off_scoped_to_skus_leaves_other_lines_alone()
    {
        var promotion = Percent(5_000) with { Skus = ["SOCKS"] };

        var priced = Pricing.Price(Pricing.Cart("EUR", ("MUG", 1), ("SOCKS", 1)), promotion);

        Assert.Equal([0L, 250L], priced.Lines.Select(l => l.Discount));
    }

    [Fact]
    public void Fixed_amount_off_is_in_the_cart_currency_and_never_makes_the_order_negative()
    {
        var promotion = new Promotion { Code = "BIG", Kind = PromotionKind.AmountOff, AmountOff = new Dictionary<string, long> { ["EUR"] = 5_000 } };

        var priced = Pricing.Price(Pricing.Cart("EUR", ("SOCKS", 2)), promotion);

        Assert.Equal(1_000, priced.Discount);
        Assert.Equal(0, priced.Total);
    }

    [Fact]
    public void Fixed_amount_off_without_a_price_in_the_cart_currency_does_not_apply()
    {
        var promotion = new Promotion { Code = "EURONLY", Kind = PromotionKind.AmountOff, AmountOff = new Dictionary<string, long> { ["EUR"] = 100 } };

        var result = Pricing.Price(Pricing.Cart("USD", ("SOCKS", 2)), promotion).Promotions.Single();

        Assert.False(result.Applied);
        Assert.Equal("not-offered-in-currency", result.Reason);
    }

    [Fact]
    public void Free_shipping_code_zeroes_shipping_below_the_threshold()
    {
        var cart = Pricing.Cart("EUR", ("SOCKS", 1)).To("DE");

        Assert.Equal(590, Pricing.Price(cart).Shipping);
        var priced = Pricing.Price(cart, Pricing.Seed("SHIPFREE"));
        Assert.Equal(0, priced.Shipping);
        Assert.True(priced.FreeShipping);
        Assert.Equal(500, priced.Total);
    }

    [Fact]
    public void Shipping_is_free_from_the_currency_threshold_on_the_discounted_subtotal()
    {
        var cart = Pricing.Cart("EUR", ("JEANS-32", 3)).To("DE"); // 179.70, 2.1 kg

        Assert.Equal(0, Pricing.Price(cart).Shipping);
        Assert.Equal(990, Pricing.Price(cart, Percent(2_000)).Shipping); // 143.76 < 150.00: the 2-10 kg band
    }

    [Fact]
    public void Buy_two_get_one_frees_the_cheapest_unit_of_every_three()
    {
        var three = Pricing.Price(Pricing.Cart("EUR", ("MUG", 2), ("SOCKS", 1)), Pricing.Seed("3FOR2"));
        var five = Pricing.Price(Pricing.Cart("EUR", ("MUG", 3), ("SOCKS", 2)), Pricing.Seed("3FOR2"));
        var six = Pricing.Price(Pricing.Cart("EUR", ("MUG", 4), ("SOCKS", 2)), Pricing.Seed("3FOR2"));

        Assert.Equal([0L, 500L], three.Lines.Select(l => l.Discount));
        Assert.Equal(500, five.Discount);
        Assert.Equal([0L, 1_000L], six.Lines.Select(l => l.Discount));
    }

    [Fact]
    public void Minimum_subtotal_not_met_keeps_the_code_on_the_cart_but_does_not_apply_it()
    {
        var result = Pricing.Price(Pricing.Cart("EUR", ("SOCKS", 9)), Pricing.Seed("TAKE5")).Promotions.Single(); // 45.00 < 50.00

        Assert.False(result.Applied);
        Assert.Equal("minimum-subtotal-not-met", result.Reason);
        Assert.True(Pricing.Price(Pricing.Cart("EUR", ("SOCKS", 10)), Pricing.Seed("TAKE5")).Promotions.Single().Applied);
    }

    [Theory]
    [InlineData(1, 2, "not-yet-valid")]
    [InlineData(-2, 0, "expired")]
    [InlineData(0, 2, null)]
    public void Validity_window_includes_its_start_and_excludes_its_end(int fromHours, int untilHours, string? reason)
    {
        var promotion = Percent(1_000) with { ValidFrom = Pricing.Now.AddHours(fromHours), ValidUntil = Pricing.Now.AddHours(untilHours) };

        Assert.Equal(reason, Pricing.Price(Pricing.Cart("EUR", ("SOCKS", 1)), promotion).Promotions.Single().Reason);
    }

    [Theory]
    [InlineData(10, 0, "usage-limit-reached")]
    [InlineData(9, 1, "customer-usage-limit-reached")]
    [InlineData(9, 0, null)]
    public void Usage_limits_in_total_and_per_customer_stop_a_code(long total, long byCustomer, string? reason)
    {
        var promotion = Percent(1_000) with { MaxUses = 10, MaxUsesPerCustomer = 1 };

        var result = Pricing.Price(Pricing.Cart("EUR", ("SOCKS", 1)), [promotion], new PromotionUsage(total, byCustomer)).Promotions.Single();

        Assert.Equal(reason, result.Reason);
    }

    [Fact]
    public void Stackable_discounts_combine_percent_first_then_amount_whatever_the_entry_order()
    {
        // 100.00: 15 % → 85.00, then 5.00 → 80.00 (amount first would give 80.75).
        var cart = Pricing.Cart("EUR", ("SOCKS", 20));

        var priced = Pricing.Price(cart, Pricing.Seed("TAKE5"), Pricing.Seed("WELCOME15"));

        Assert.All(priced.Promotions, p => Assert.True(p.Applied));
        Assert.Equal(2_000, priced.Discount);
        Assert.Equal(8_000, priced.Total);
    }

    [Fact]
    public void A_non_stackable_discount_does_not_combine_with_another_discount_but_free_shipping_combines()
    {
        var priced = Pricing.Price(Pricing.Cart("EUR", ("SOCKS", 20)).To("DE"), Pricing.Seed("SAVE10"), Pricing.Seed("WELCOME15"), Pricing.Seed("SHIPFREE"));

        Assert.Equal(["SAVE10", "WELCOME15", "SHIPFREE"], priced.Promotions.Select(p => p.Code));
        Assert.Equal([true, false, true], priced.Promotions.Select(p => p.Applied));
        Assert.Equal("not-combinable", priced.Promotions[1].Reason);
        Assert.Equal(1_000, priced.Discount);
        Assert.Equal(0, priced.Shipping);
        Assert.True(PromotionStacking.CanCombine(Pricing.Seed("SHIPFREE"), [Pricing.Seed("SAVE10")]));
        Assert.False(PromotionStacking.CanCombine(Pricing.Seed("TAKE5"), [Pricing.Seed("SAVE10")]));
    }
}
