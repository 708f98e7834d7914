namespace Commerce.Pricing.Domain;

/// <summary>
/// Running sums of one variant's visitors: how many, how many converted, and per visitor the revenue and the margin
/// (minor units) with their squares, so means, variances and intervals need no per-visitor rows.
/// </summary>
public sealed record VariantTotals
{
    public long Visitors { get; init; }

    public long Conversions { get; init; }

    public double Revenue { get; init; }

    public double RevenueSquares { get; init; }

    public double Margin { get; init; }

    public double MarginSquares { get; init; }

    /// <summary>These totals with one more visitor, who bought <paramref name="revenue"/> at <paramref name="margin"/> (both 0 without a purchase).</summary>
    public VariantTotals With(bool converted, long revenue, long margin) => this with
    {
        Visitors = Visitors + 1,
        Conversions = Conversions + (converted ? 1 : 0),
        Revenue = Revenue + revenue,
        RevenueSquares = RevenueSquares + ((double)revenue * revenue),
        Margin = Margin + margin,
        MarginSquares = MarginSquares + ((double)margin * margin),
    };

    /// <summary>
    /// These totals after a visitor already counted, who had bought <paramref name="before"/> (revenue, margin; 0 and
    /// not converted when nothing), buys <paramref name="revenue"/> at <paramref name="margin"/> more: a conversion the
    /// first time, and the per-visitor sums and squares moved from the old figures to the new.
    /// </summary>
    public VariantTotals WithPurchase((long Revenue, long Margin, bool Converted) before, long revenue, long margin)
    {
        var (oldRevenue, oldMargin) = ((double)before.Revenue, (double)before.Margin);
        var (newRevenue, newMargin) = (oldRevenue + revenue, oldMargin + margin);
        return this with
        {
            Conversions = Conversions + (before.Converted ? 0 : 1),
            Revenue = Revenue + revenue,
            RevenueSquares = RevenueSquares + (newRevenue * newRevenue) - (oldRevenue * oldRevenue),
            Margin = Margin + margin,
            MarginSquares = MarginSquares + (newMargin * newMargin) - (oldMargin * oldMargin),
        };
    }
}

/// <summary>A mean per visitor with its 95 % confidence interval (normal approximation).</summary>
public sealed record Estimate(double Mean, double Low, double High);

/// <summary>A variant against the control: the difference in revenue per visitor and its interval (null until both arms have two visitors), and the sequential test.</summary>
/// <param name="AlwaysValidPValue">The mSPRT p-value: valid however often the results are looked at (stopping at the first look it falls under α keeps the false-positive rate at α).</param>
public sealed record Comparison(Estimate? RevenuePerVisitorDifference, double AlwaysValidPValue, bool Significant);

/// <summary>
/// Per-variant figures and the sequential test of revenue per visitor against the control: the mixture sequential
/// probability ratio test (mSPRT; Johari, Pekelis and Walsh, "Always valid inference", 2017) on the difference in
/// means with a normal mixing distribution N(0, τ²), τ = <see cref="MixingRelativeEffect"/> × the control's mean.
/// With variance V of the difference and observed difference d, Λ = √(V / (V + τ²)) · exp(d²τ² / (2V(V + τ²))); the
/// p-value is min(1, 1/Λ), and the difference is significant at α once Λ ≥ 1/α.
/// </summary>
public static class ExperimentStatistics
{
    public const double Z95 = 1.959964;

    /// <summary>The effect size the mixing distribution is scaled to: 5 % of the control's revenue per visitor.</summary>
    public const double MixingRelativeEffect = 0.05;

    /// <summary>Fewer visitors than this in either arm and no test is made (the variance estimate is not yet to be trusted).</summary>
    public const long MinVisitors = 500;

    public static Estimate ConversionRate(VariantTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return Mean(totals.Visitors, totals.Conversions, totals.Conversions);
    }

    public static Estimate RevenuePerVisitor(VariantTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return Mean(totals.Visitors, totals.Revenue, totals.RevenueSquares);
    }

    public static Estimate MarginPerVisitor(VariantTotals totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        return Mean(totals.Visitors, totals.Margin, totals.MarginSquares);
    }

    /// <summary>The variant's revenue per visitor against the control's, at significance level <paramref name="alpha"/>.</summary>
    public static Comparison Compare(VariantTotals control, VariantTotals variant, double alpha)
    {
        ArgumentNullException.ThrowIfNull(control);
        ArgumentNullException.ThrowIfNull(variant);
        var (meanA, varA) = Moments(control.Visitors, control.Revenue, control.RevenueSquares);
        var (meanB, varB) = Moments(variant.Visitors, variant.Revenue, variant.RevenueSquares);
        var difference = meanB - meanA;
        if (control.Visitors < 2 || variant.Visitors < 2)
        {
            return new Comparison(null, 1, false);
        }

        var v = (varA / control.Visitors) + (varB / variant.Visitors);
        var interval = new Estimate(difference, difference - (Z95 * Math.Sqrt(v)), difference + (Z95 * Math.Sqrt(v)));
        if (control.Visitors < MinVisitors || variant.Visitors < MinVisitors || !(v > 0))
        {
            return new Comparison(interval, 1, false);
        }

        var tau2 = Math.Pow(MixingRelativeEffect * Math.Max(Math.Abs(meanA), 1), 2);
        var logLambda = (0.5 * Math.Log(v / (v + tau2))) + (difference * difference * tau2 / (2 * v * (v + tau2)));
        var p = Math.Min(1, Math.Exp(-logLambda));
        return new Comparison(interval, p, p <= alpha);
    }

    static Estimate Mean(long n, double sum, double squares)
    {
        var (mean, variance) = Moments(n, sum, squares);
        var half = n == 0 ? 0 : Z95 * Math.Sqrt(variance / n);
        return new Estimate(mean, mean - half, mean + half);
    }

    static (double Mean, double Variance) Moments(long n, double sum, double squares)
    {
        if (n == 0)
        {
            return (0, 0);
        }

        var mean = sum / n;
        return (mean, n < 2 ? 0 : Math.Max(0, (squares - (n * mean * mean)) / (n - 1)));
    }
}
