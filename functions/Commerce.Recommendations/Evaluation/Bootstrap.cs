namespace Commerce.Recommendations.Evaluation;

/// <summary>A point estimate with its 95 % bootstrap interval.</summary>
public sealed record Interval(double Value, double Low, double High);

/// <summary>
/// Percentile bootstrap over shoppers: resample the evaluated shoppers with replacement (the same resample for every
/// recommender, so comparisons are paired) and read the 2.5th and 97.5th percentiles of a statistic.
/// </summary>
public static class Bootstrap
{
    /// <summary>The mean of <paramref name="values"/> (one per shopper) with its interval.</summary>
    public static Interval Mean(IReadOnlyList<double> values, int resamples = 1_000, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(values);
        return Statistic(values.Count, index => Sum(values, index) / values.Count, resamples, seed);
    }

    /// <summary>
    /// The ratio of two recommenders' means over the same shoppers (<paramref name="numerator"/>[u] and
    /// <paramref name="denominator"/>[u] are shopper u's figures) with its paired interval.
    /// </summary>
    public static Interval Ratio(IReadOnlyList<double> numerator, IReadOnlyList<double> denominator, int resamples = 1_000, int seed = 1)
    {
        ArgumentNullException.ThrowIfNull(numerator);
        ArgumentNullException.ThrowIfNull(denominator);
        if (numerator.Count != denominator.Count)
        {
            throw new ArgumentException("Both recommenders must be scored on the same shoppers.", nameof(denominator));
        }

        return Statistic(numerator.Count, index => Divide(Sum(numerator, index), Sum(denominator, index)), resamples, seed);
    }

    private static Interval Statistic(int count, Func<int[]?, double> statistic, int resamples, int seed)
    {
        if (count == 0)
        {
            return new Interval(double.NaN, double.NaN, double.NaN);
        }

        var random = new Random(seed);
        var index = new int[count];
        var samples = new double[resamples];
        for (var r = 0; r < resamples; r++)
        {
            for (var i = 0; i < count; i++)
            {
                index[i] = random.Next(count);
            }

            samples[r] = statistic(index);
        }

        Array.Sort(samples);
        return new Interval(statistic(null), Percentile(samples, 0.025), Percentile(samples, 0.975));
    }

    private static double Sum(IReadOnlyList<double> values, int[]? index)
    {
        double sum = 0;
        for (var i = 0; i < values.Count; i++)
        {
            sum += values[index is null ? i : index[i]];
        }

        return sum;
    }

    private static double Divide(double a, double b) => b == 0 ? double.NaN : a / b;

    private static double Percentile(double[] sorted, double p)
    {
        var position = p * (sorted.Length - 1);
        var low = (int)Math.Floor(position);
        var high = Math.Min(low + 1, sorted.Length - 1);
        return sorted[low] + ((position - low) * (sorted[high] - sorted[low]));
    }
}
