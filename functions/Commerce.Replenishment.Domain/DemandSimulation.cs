namespace Commerce.Replenishment.Domain;

/// <summary>What simulated demand looks like.</summary>
public sealed record DemandSimulationOptions
{
    public int Skus { get; init; } = 200;

    public IReadOnlyList<string> Warehouses { get; init; } = ["wh-north", "wh-south"];

    public int Days { get; init; } = 365;

    public DateOnly Start { get; init; } = new(2026, 1, 5);

    /// <summary>Chance that a promotion starts on a given day (it lasts 3 to 7 days and lifts demand 1.5x to 3x).</summary>
    public double PromotionStartChance { get; init; } = 0.02;

    /// <summary>
    /// Day-to-day spread of a SKU's storefront interest (a log-scale AR(1), persistence 0.9): it moves views at once,
    /// add-to-carts a day later and purchases two days later. 0: steady interest.
    /// </summary>
    public double InterestVolatility { get; init; } = 0.12;

    /// <summary>Product views per unit of demand (the clickstream is far denser than sales).</summary>
    public double ViewsPerUnit { get; init; } = 20;

    public int Seed { get; init; } = 7;
}

/// <summary>
/// Simulated daily demand per SKU x warehouse: a level per SKU (log-normal) and warehouse share, a weekly profile per
/// category, a linear trend of up to +-40 % a year, planned promotions with a lift, a drifting storefront interest that
/// shoppers show in views and add-to-carts before they buy (the SKU's clickstream), and Poisson noise. Deterministic for
/// a seed. Used by the evaluation, the benchmark and local demos; never by a production composition root.
/// </summary>
public static class DemandSimulation
{
    private static readonly float[][] WeeklyProfiles =
    [
        [0.8f, 0.9f, 0.9f, 1.0f, 1.2f, 1.5f, 1.3f],
        [1.2f, 1.1f, 1.0f, 1.0f, 1.0f, 0.6f, 0.4f],
        [1.0f, 0.7f, 0.8f, 0.9f, 1.1f, 1.3f, 1.6f],
        [0.9f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f, 1.0f],
    ];

    /// <summary>Daily demand per SKU x warehouse, with a promotion calendar running <paramref name="plannedDays"/> past the last day.</summary>
    public static IReadOnlyList<DemandSeries> Generate(DemandSimulationOptions options, int plannedDays = DemandFeatures.MaxHorizon)
    {
        ArgumentNullException.ThrowIfNull(options);
        var random = new Random(options.Seed);
        var series = new List<DemandSeries>(options.Skus * options.Warehouses.Count);
        for (var k = 0; k < options.Skus; k++)
        {
            var level = Math.Exp(Normal(random) * 1.0 + 1.5);
            var profile = WeeklyProfiles[k % WeeklyProfiles.Length];
            var trend = (random.NextDouble() - 0.5) * 0.8 / 365;
            var promotions = Promotions(random, options.Days + plannedDays, options.PromotionStartChance);
            var lift = 1.5 + (random.NextDouble() * 1.5);
            var interest = Interest(random, options.Days, options.InterestVolatility);
            double Base(int d) => level * profile[(int)options.Start.AddDays(d).DayOfWeek] * Math.Max(0.1, 1 + (trend * d)) * (promotions[d] ? lift : 1);
            double InterestOn(int d) => interest[Math.Max(0, d)];
            var clickstream = new SkuClickstream(
                [.. Enumerable.Range(0, options.Days).Select(d => Poisson(random, options.ViewsPerUnit * Base(d) * InterestOn(d)))],
                [.. Enumerable.Range(0, options.Days).Select(d => Poisson(random, 2 * Base(d) * InterestOn(d - 1)))]);
            foreach (var warehouse in options.Warehouses)
            {
                var share = 0.5 + random.NextDouble();
                var quantities = new float[options.Days];
                for (var d = 0; d < options.Days; d++)
                {
                    quantities[d] = Poisson(random, share * Base(d) * InterestOn(d - 2));
                }

                series.Add(new DemandSeries($"SKU-{k:D6}", warehouse, options.Start, quantities, promotions) { Clickstream = clickstream });
            }
        }

        return series;
    }

    /// <summary>exp of a mean-reverting walk on the log scale (persistence 0.9), so interest drifts and returns.</summary>
    private static double[] Interest(Random random, int days, double volatility)
    {
        var interest = new double[days];
        var x = 0.0;
        for (var d = 0; d < days; d++)
        {
            x = (0.9 * x) + (volatility * Normal(random));
            interest[d] = Math.Exp(x);
        }

        return interest;
    }

    private static bool[] Promotions(Random random, int days, double startChance)
    {
        var promoted = new bool[days];
        for (var d = 0; d < days; d++)
        {
            if (random.NextDouble() < startChance)
            {
                var length = random.Next(3, 8);
                for (var i = d; i < Math.Min(days, d + length); i++)
                {
                    promoted[i] = true;
                }

                d += length;
            }
        }

        return promoted;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static float Poisson(Random random, double mean)
    {
        if (mean > 30)
        {
            return (float)Math.Max(0, Math.Round(mean + (Math.Sqrt(mean) * Normal(random))));
        }

        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var count = 0;
        while (product > limit)
        {
            product *= random.NextDouble();
            count++;
        }

        return count;
    }
}
