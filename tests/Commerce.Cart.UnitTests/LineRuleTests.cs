namespace Commerce.Cart.UnitTests;

public sealed class LineRuleTests
{
    static readonly CartLimits Limits = new() { MaxQuantityPerLine = 10, MaxQuantityPerCart = 15, MaxLines = 2 };

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(11)]
    [InlineData(int.MaxValue)]
    public void Quantity_outside_one_to_the_line_limit_is_refused(int quantity)
    {
        var ex = Assert.Throws<CartRuleException>(() => Pricing.Cart("EUR").WithQuantity("SOCKS", quantity, 500, Pricing.Now, Limits));

        Assert.Equal(CartProblems.QuantityLimit, ex.Type);
    }

    [Fact]
    public void The_cart_limits_units_and_lines()
    {
        var cart = Pricing.Cart("EUR", ("SOCKS", 10));

        Assert.Throws<CartRuleException>(() => cart.WithQuantity("MUG", 6, 1005, Pricing.Now, Limits));
        var two = cart.WithQuantity("MUG", 5, 1005, Pricing.Now, Limits);
        Assert.Throws<CartRuleException>(() => two.WithQuantity("BOOK-1", 1, 1200, Pricing.Now, Limits));
    }

    [Fact]
    public void Changing_a_quantity_keeps_the_price_the_line_was_added_at()
    {
        var cart = Pricing.Cart("EUR", ("SOCKS", 1)).WithQuantity("SOCKS", 3, 999, Pricing.Now, Limits);

        Assert.Equal(new CartLine("SOCKS", 3, 500, Pricing.Now), cart.Lines.Single());
    }

    [Fact]
    public void Repricing_shows_changed_prices_flags_out_of_stock_and_zeroes_archived_lines()
    {
        var cart = Pricing.Cart("EUR", ("SOCKS", 3), ("MUG", 1), ("OLD", 1));
        cart = cart with { Lines = [cart.Lines[0] with { UnitPriceWhenAdded = 450 }, cart.Lines[1], cart.Lines[2] with { UnitPriceWhenAdded = 1000 }] };

        var priced = Pricing.Price(cart, [], new PromotionUsage(0, 0), new Dictionary<string, long> { ["SOCKS"] = 2, ["MUG"] = 5 });

        Assert.Equal([LineStatus.OutOfStock, LineStatus.Ok, LineStatus.Unavailable], priced.Lines.Select(l => l.Status));
        Assert.Equal([true, false, false], priced.Lines.Select(l => l.PriceChanged));
        Assert.Equal(450, priced.Lines[0].UnitPriceWhenAdded);
        Assert.Equal(1500 + 1005, priced.Subtotal);
        Assert.False(priced.Orderable);
    }

    [Theory]
    [InlineData("de", "by", "DE", "BY")]
    [InlineData(" us ", " ca", "US", "CA")]
    public void Destinations_are_normalized(string country, string region, string expectedCountry, string expectedRegion)
    {
        Assert.Equal(new ShippingDestination(expectedCountry, expectedRegion, "12345"), CartRules.NormalizeDestination(country, region, " 12345 "));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("DEU")]
    [InlineData("1A")]
    public void Invalid_countries_are_refused(string? country)
        => Assert.Throws<CartRuleException>(() => CartRules.NormalizeDestination(country, null, null));

    [Fact]
    public void Guest_tokens_are_random_256_bit_and_only_their_hash_matches()
    {
        var token = CartTokens.NewToken();
        var hash = CartTokens.Hash(token);

        Assert.Equal(43, token.Length);
        Assert.NotEqual(token, CartTokens.NewToken());
        Assert.True(CartTokens.Matches(token, hash));
        Assert.False(CartTokens.Matches(token + "x", hash));
        Assert.False(CartTokens.Matches(null, hash));
        Assert.False(CartTokens.Matches(hash, hash));
    }
}
