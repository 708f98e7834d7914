namespace Commerce.Contracts.Tests;

public sealed class MoneyTests
{
    static Money Eur(long minor) => Money.Of(minor, "EUR");

    [Theory]
    [InlineData(5, 2, 3)]
    [InlineData(-5, 2, -3)]
    [InlineData(7, 2, 4)]
    [InlineData(4, 3, 1)]
    [InlineData(5, 3, 2)]
    [InlineData(-4, 3, -1)]
    [InlineData(-5, 3, -2)]
    [InlineData(0, 7, 0)]
    public void RoundedDivide_rounds_half_away_from_zero(long value, long divisor, long expected)
        => Assert.Equal(expected, Money.RoundedDivide(value, divisor));

    [Fact]
    public void RoundedDivide_is_exact_near_the_limits_of_long()
    {
        Assert.Equal(1, Money.RoundedDivide(long.MaxValue / 2 + 1, long.MaxValue)); // exactly half and a bit: rounds up
        Assert.Equal(0, Money.RoundedDivide(long.MaxValue / 2, long.MaxValue)); // just under half: rounds down
        Assert.Equal(-1, Money.RoundedDivide(-(long.MaxValue / 2 + 1), long.MaxValue));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void RoundedDivide_needs_a_positive_divisor(long divisor)
        => Assert.Throws<ArgumentOutOfRangeException>(() => Money.RoundedDivide(10, divisor));

    [Theory]
    [InlineData(1005, 1000, 101)] // 100.5 → 101
    [InlineData(-1005, 1000, -101)] // −100.5 → −101 (away from zero, not towards +∞)
    [InlineData(1004, 1000, 100)] // 100.4 → 100
    [InlineData(1999, 1250, 250)] // 249.875 → 250
    [InlineData(3998, 1000, 400)] // 399.8 → 400
    public void Percent_takes_basis_points_and_rounds_once(long minor, long basisPoints, long expected)
        => Assert.Equal(Eur(expected), Eur(minor).Percent(basisPoints));

    [Theory]
    [InlineData(100, 1, 3, 33)]
    [InlineData(200, 1, 3, 67)]
    [InlineData(590, 19, 119, 94)]
    [InlineData(-590, 19, 119, -94)]
    public void Scale_multiplies_then_divides_with_one_rounding(long minor, long numerator, long denominator, long expected)
        => Assert.Equal(Eur(expected), Eur(minor).Scale(numerator, denominator));

    [Fact]
    public void Allocate_gives_remainders_to_the_largest_fractions_then_the_earlier_weight()
    {
        Assert.Equal([Eur(34), Eur(33), Eur(33)], Eur(100).Allocate([1, 1, 1]));
        Assert.Equal([Eur(-34), Eur(-33), Eur(-33)], Eur(-100).Allocate([1, 1, 1]));
        Assert.Equal([Eur(170), Eur(275), Eur(55)], Eur(500).Allocate([4000, 6500, 1300]));
        Assert.Equal([Eur(0), Eur(10)], Eur(10).Allocate([0, 3]));
    }

    [Fact]
    public void Allocate_always_sums_to_the_whole()
    {
        var random = new Random(42);
        for (var run = 0; run < 2_000; run++)
        {
            var amount = Eur(random.NextInt64(-1_000_000_000, 1_000_000_000));
            var weights = Enumerable.Range(0, random.Next(1, 12)).Select(_ => random.NextInt64(0, 1_000_000)).ToArray();
            if (weights.Sum() == 0)
            {
                weights[0] = 1;
            }

            var parts = amount.Allocate(weights);

            Assert.Equal(amount.Minor, parts.Sum(p => p.Minor));
            Assert.All(parts.Where((_, i) => weights[i] == 0), p => Assert.True(p.IsZero));
        }
    }

    [Fact]
    public void Allocate_refuses_empty_negative_or_all_zero_weights()
    {
        Assert.Throws<ArgumentException>(() => Eur(10).Allocate([]));
        Assert.Throws<ArgumentException>(() => Eur(10).Allocate([0, 0]));
        Assert.Throws<ArgumentException>(() => Eur(10).Allocate([5, -1]));
    }

    [Fact]
    public void Combining_different_currencies_throws()
    {
        var usd = Money.Of(1, "USD");

        Assert.Throws<InvalidOperationException>(() => Eur(1) + usd);
        Assert.Throws<InvalidOperationException>(() => Eur(1) - usd);
        Assert.Throws<InvalidOperationException>(() => Eur(1) < usd);
        Assert.Throws<InvalidOperationException>(() => Money.Max(Eur(1), usd));
    }

    [Fact]
    public void Arithmetic_overflow_throws_instead_of_wrapping()
    {
        var max = Eur(long.MaxValue);

        Assert.Throws<OverflowException>(() => max + Eur(1));
        Assert.Throws<OverflowException>(() => Eur(long.MinValue) - Eur(1));
        Assert.Throws<OverflowException>(() => max * 2);
        Assert.Throws<OverflowException>(() => -Eur(long.MinValue));
        Assert.Throws<OverflowException>(() => max.Percent(2));
        Assert.Throws<OverflowException>(() => max.Scale(3, 2));
    }

    [Fact]
    public void Arithmetic_and_comparison_work_within_one_currency()
    {
        Assert.Equal(Eur(150), Eur(100) + Eur(50));
        Assert.Equal(Eur(-50), Eur(50) - Eur(100));
        Assert.Equal(Eur(300), Eur(100) * 3);
        Assert.True(Eur(1) < Eur(2));
        Assert.Equal(Eur(1), Money.Min(Eur(1), Eur(2)));
        Assert.True((-Eur(5)).IsNegative);
    }

    [Theory]
    [InlineData(1250, "EUR", "12.50 EUR")]
    [InlineData(-5, "USD", "-0.05 USD")]
    [InlineData(1200, "JPY", "1200 JPY")]
    [InlineData(1234, "KWD", "1.234 KWD")]
    public void ToString_uses_the_currency_minor_units(long minor, string currency, string expected)
        => Assert.Equal(expected, Money.Of(minor, currency).ToString());

    [Fact]
    public void Currencies_are_normalized_and_unknown_ones_refused()
    {
        Assert.Equal("EUR", Money.Of(1, " eur ").Currency);
        Assert.Throws<ArgumentException>(() => Money.Of(1, "XXX"));
        Assert.False(Currencies.IsSupported(null));
        Assert.Equal(0, Currencies.MinorUnits("JPY"));
    }
}
