using System.Globalization;

namespace Commerce.Pricing.UnitTests;

/// <summary>
/// The sequential test on simulated experiments, looked at after every 500 visitors per arm up to 40,000 per arm and
/// stopped at the first significant look: visitors convert with probability 0.30 and spend 4,000-6,000 (uniform).
/// </summary>
public sealed class ExperimentStatisticsTests(ITestOutputHelper output)
{
    const int Repeats = 200;

    /// <summary>Runs one experiment; +1 or −1 for the sign of a significant difference, 0 when none was found.</summary>
    static int Run(Random random, double variantConversion)
    {
        var (control, variant) = (new VariantTotals(), new VariantTotals());
        for (var look = 0; look < 80; look++)
        {
            for (var i = 0; i < 500; i++)
            {
                control = Visit(random, control, 0.30);
                variant = Visit(random, variant, variantConversion);
            }

            var comparison = ExperimentStatistics.Compare(control, variant, alpha: 0.05);
            if (comparison.Significant)
            {
                return Math.Sign(comparison.RevenuePerVisitorDifference!.Mean);
            }
        }

        return 0;
    }

    static VariantTotals Visit(Random random, VariantTotals totals, double conversion)
    {
        var converted = random.NextDouble() < conversion;
        var revenue = converted ? 4_000 + random.NextInt64(2_001) : 0;
        return totals.With(converted, revenue, revenue * 3 / 10);
    }

    [Fact]
    public void A_true_5_percent_revenue_per_visitor_lift_is_detected_with_the_right_sign_in_at_least_80_percent_of_repeats()
    {
        var random = new Random(17);
        var outcomes = Enumerable.Range(0, Repeats).Select(_ => Run(random, 0.315)).ToArray();

        var right = outcomes.Count(o => o > 0) / (double)Repeats;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"5 % lift: right sign {right:P1}, wrong sign {outcomes.Count(o => o < 0)}, undecided {outcomes.Count(o => o == 0)} of {Repeats}"));
        Assert.True(right >= 0.80, $"right sign in {right:P1}");
    }

    [Fact]
    public void A_null_experiment_is_declared_significant_in_at_most_5_percent_of_repeats_despite_80_looks()
    {
        var random = new Random(71);
        var outcomes = Enumerable.Range(0, Repeats).Select(_ => Run(random, 0.30)).ToArray();

        var significant = outcomes.Count(o => o != 0) / (double)Repeats;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"null: significant {significant:P1} of {Repeats}"));
        Assert.True(significant <= 0.05, $"significant in {significant:P1}");
    }

    [Fact]
    public void Too_few_visitors_are_never_significant_and_intervals_cover_the_means()
    {
        var few = new VariantTotals().With(true, 5_000, 1_500).With(false, 0, 0);
        var many = Enumerable.Range(0, 1_000).Aggregate(new VariantTotals(), (t, i) => t.With(i % 2 == 0, i % 2 == 0 ? 1_000 : 0, 0));

        Assert.False(ExperimentStatistics.Compare(few, many, 0.05).Significant);
        Assert.Equal(1, ExperimentStatistics.Compare(few, many, 0.05).AlwaysValidPValue);
        var rpv = ExperimentStatistics.RevenuePerVisitor(many);
        Assert.Equal(500, rpv.Mean, 6);
        Assert.InRange(rpv.Low, 460, 500);
        Assert.Equal((0.5, 1_000L), (ExperimentStatistics.ConversionRate(many).Mean, many.Visitors));
    }

    [Fact]
    public void A_visitor_counted_at_exposure_who_buys_twice_adds_up_to_the_totals_of_one_visitor_who_bought_it_all()
    {
        var others = new VariantTotals().With(true, 3_000, 900).With(false, 0, 0);

        var exposed = others.With(false, 0, 0);
        var first = exposed.WithPurchase((0, 0, false), 1_600, 600);
        var second = first.WithPurchase((1_600, 600, true), 2_000, 1_000);

        var atOnce = others.With(true, 3_600, 1_600);
        Assert.Equal((atOnce.Visitors, atOnce.Conversions, atOnce.Revenue, atOnce.Margin), (second.Visitors, second.Conversions, second.Revenue, second.Margin));
        Assert.Equal(atOnce.RevenueSquares, second.RevenueSquares, 6);
        Assert.Equal(atOnce.MarginSquares, second.MarginSquares, 6);
    }
}
