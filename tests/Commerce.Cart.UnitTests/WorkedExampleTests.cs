namespace Commerce.Cart.UnitTests;

/// <summary>
/// The worked examples the storefront flow reproduces. Amounts are minor units; each step is rounded per line, half
/// away from zero, and order figures are sums of line figures.
/// </summary>
public sealed class WorkedExampleTests
{
    /// <summary>
    /// EU, tax included (Germany, 19 % standard, 7 % reduced), SAVE10:
    /// lines 2 × 19.99 = 39.98, 59.90, 12.00 (reduced) → subtotal 111.88;
    /// 10 % per line: 3.998 → 4.00, 5.99, 1.20 → discount 11.19, lines 35.98 + 53.91 + 10.80 = 100.69;
    /// shipping EU ≤ 2 kg (1.5 kg) 5.90 (100.69 is under the 150.00 threshold);
    /// tax included: 35.98 × 19/119 = 5.7447 → 5.74, 53.91 × 19/119 = 8.6074 → 8.61, 10.80 × 7/107 = 0.7065 → 0.71,
    /// shipping 5.90 × 19/119 = 0.9420 → 0.94 → tax 16.00; total 100.69 + 5.90 = 106.59.
    /// </summary>
    [Fact]
    public void Eu_tax_inclusive_cart_with_ten_percent_off_matches_the_worked_example()
    {
        var priced = Pricing.Price(Pricing.Cart("EUR", ("TSHIRT-M", 2), ("JEANS-32", 1), ("BOOK-1", 1)).To("DE"), Pricing.Seed("SAVE10"));

        Assert.Equal(11188, priced.Subtotal);
        Assert.Equal([400L, 599L, 120L], priced.Lines.Select(l => l.Discount));
        Assert.Equal(1119, priced.Discount);
        Assert.Equal(1500, priced.WeightGrams);
        Assert.Equal(590, priced.Shipping);
        Assert.Equal([574L, 861L, 71L], priced.Lines.Select(l => l.Tax));
        Assert.Equal(1600, priced.Tax);
        Assert.True(priced.PricesIncludeTax);
        Assert.Equal(10659, priced.Total);
    }

    /// <summary>
    /// US, tax added (California, 7.25 %, groceries/books 0 %, shipping untaxed), TAKE5 (5.00 off from 50.00):
    /// lines 2 × 20.00 = 40.00, 65.00, 13.00 → subtotal 118.00; 5.00 spread by line amount: 1.6949, 2.7542, 0.5508 →
    /// floors 1.69 + 2.75 + 0.55 = 4.99, the last cent to the largest remainder → 1.70, 2.75, 0.55;
    /// lines 38.30 + 62.25 + 12.45 = 113.00; shipping US ≤ 2 kg 7.99;
    /// tax 38.30 × 7.25 % = 2.77675 → 2.78, 62.25 × 7.25 % = 4.513125 → 4.51, book 0 → 7.29; total 113.00 + 7.99 + 7.29 = 128.28.
    /// </summary>
    [Fact]
    public void Us_tax_exclusive_cart_with_a_fixed_amount_off_matches_the_worked_example()
    {
        var priced = Pricing.Price(Pricing.Cart("USD", ("TSHIRT-M", 2), ("JEANS-32", 1), ("BOOK-1", 1)).To("US", "CA"), Pricing.Seed("TAKE5"));

        Assert.Equal(11800, priced.Subtotal);
        Assert.Equal([170L, 275L, 55L], priced.Lines.Select(l => l.Discount));
        Assert.Equal(799, priced.Shipping);
        Assert.Equal([278L, 451L, 0L], priced.Lines.Select(l => l.Tax));
        Assert.Equal(729, priced.Tax);
        Assert.False(priced.PricesIncludeTax);
        Assert.Equal(12828, priced.Total);
    }

    [Fact]
    public void Tax_inclusive_total_does_not_change_with_the_rate_but_the_tax_part_does()
    {
        var cart = Pricing.Cart("EUR", ("JEANS-32", 1));

        var germany = Pricing.Price(cart.To("DE"));
        var france = Pricing.Price(cart.To("FR"));

        Assert.Equal(germany.Total, france.Total);
        Assert.Equal(956 + 94, germany.Tax); // 59.90 × 19/119 = 9.5639 → 9.56; shipping 0.94
        Assert.Equal(998 + 98, france.Tax); // 59.90 × 20/120 = 9.9833 → 9.98; shipping 5.90 / 6 = 0.9833 → 0.98
    }

    [Fact]
    public void A_region_rate_wins_over_its_country_and_a_state_that_taxes_shipping_taxes_it()
    {
        var cart = Pricing.Cart("USD", ("JEANS-32", 1));

        Assert.Equal(0, Pricing.Price(cart.To("US", "TX")).Tax);
        Assert.Equal(260 + 32, Pricing.Price(cart.To("US", "NY")).Tax); // 65.00 × 4 % = 2.60; shipping 7.99 × 4 % = 0.3196 → 0.32
    }

    [Fact]
    public void Without_a_destination_shipping_and_tax_are_unknown_and_the_total_is_the_discounted_subtotal()
    {
        var priced = Pricing.Price(Pricing.Cart("EUR", ("SOCKS", 2)));

        Assert.Null(priced.Shipping);
        Assert.Null(priced.Tax);
        Assert.Equal(1000, priced.Total);
    }
}
