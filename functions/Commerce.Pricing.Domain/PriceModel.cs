using Commerce.Contracts;
using Microsoft.ML;
using Microsoft.ML.Trainers;

namespace Commerce.Pricing.Domain;

/// <summary>
/// A category's price-response model: expected units sold per SKU-day =
/// exp(<see cref="Intercept"/> + <see cref="Elasticity"/>·ln(price / the SKU's reference price) + <see cref="ViewsWeight"/>·ln(views + 1)
/// + <see cref="WeekendWeight"/>·[Saturday or Sunday]), fitted by Poisson regression on the platform's own price history
/// (<see cref="PriceChange"/>) and demand (<see cref="ProductDemandDay"/>). Container <see cref="PricingContainers.Models"/>,
/// partition <see cref="PricingContainers.ModelsPartition"/>, id = the category.
/// </summary>
public sealed record PriceResponseModel
{
    public required string CategoryId { get; init; }

    /// <summary>d ln(units) / d ln(price): the price elasticity of demand (below −1: elastic).</summary>
    public required double Elasticity { get; init; }

    public double Intercept { get; init; }

    public double ViewsWeight { get; init; }

    public double WeekendWeight { get; init; }

    /// <summary>SKU-days the model was fitted on, and how many SKUs they cover.</summary>
    public int Observations { get; init; }

    public int Skus { get; init; }

    public DateOnly DataFrom { get; init; }

    public DateOnly DataTo { get; init; }

    public DateTimeOffset TrainedAt { get; init; }

    public double ExpectedUnits(double relativePrice, long views, bool weekend)
        => Math.Exp(Intercept + (Elasticity * Math.Log(relativePrice)) + (ViewsWeight * Math.Log(views + 1)) + (weekend ? WeekendWeight : 0));
}

/// <summary>One SKU-day of history: the price in effect, the SKU's reference price (geometric mean of its history), views and units sold.</summary>
public sealed record PriceObservation(string Sku, DateOnly Day, long Price, double ReferencePrice, long Views, long Units);

/// <summary>Fits <see cref="PriceResponseModel"/> with ML.NET's L-BFGS Poisson regression (units are counts; the log link makes the price weight the elasticity).</summary>
public static class PriceModelTrainer
{
    /// <summary>Fewer SKU-days than this, or prices that hardly moved (standard deviation of ln relative price below <see cref="MinPriceSpread"/>), train nothing: the data says nothing of price response.</summary>
    public const int MinObservations = 50;

    public const double MinPriceSpread = 0.02;

    public static PriceResponseModel? Train(string categoryId, IReadOnlyList<PriceObservation> observations, DateTimeOffset trainedAt)
    {
        ArgumentNullException.ThrowIfNull(observations);
        if (observations.Count < MinObservations)
        {
            return null;
        }

        var rows = observations.Select(o => new Row
        {
            LogRelativePrice = (float)Math.Log(o.Price / o.ReferencePrice),
            LogViews = (float)Math.Log(o.Views + 1),
            Weekend = IsWeekend(o.Day) ? 1f : 0f,
            Units = o.Units,
        }).ToArray();
        var mean = rows.Average(r => r.LogRelativePrice);
        if (Math.Sqrt(rows.Average(r => (r.LogRelativePrice - mean) * (r.LogRelativePrice - mean))) < MinPriceSpread)
        {
            return null;
        }

        var ml = new MLContext(seed: 0);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(Row.LogRelativePrice), nameof(Row.LogViews), nameof(Row.Weekend))
            .Append(ml.Regression.Trainers.LbfgsPoissonRegression(new LbfgsPoissonRegressionTrainer.Options
            {
                LabelColumnName = nameof(Row.Units),
                FeatureColumnName = "Features",
                L1Regularization = 0,
                L2Regularization = 0,
                OptimizationTolerance = 1e-8f,
                MaximumNumberOfIterations = 500,
            }));
        var fitted = pipeline.Fit(ml.Data.LoadFromEnumerable(rows)).LastTransformer.Model;
        var weights = fitted.Weights;
        return new PriceResponseModel
        {
            CategoryId = categoryId,
            Elasticity = weights[0],
            ViewsWeight = weights[1],
            WeekendWeight = weights[2],
            Intercept = fitted.Bias,
            Observations = observations.Count,
            Skus = observations.Select(o => o.Sku).Distinct(StringComparer.Ordinal).Count(),
            DataFrom = observations.Min(o => o.Day),
            DataTo = observations.Max(o => o.Day),
            TrainedAt = trainedAt,
        };
    }

    public static bool IsWeekend(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;

    sealed class Row
    {
        public float LogRelativePrice { get; set; }

        public float LogViews { get; set; }

        public float Weekend { get; set; }

        public float Units { get; set; }
    }
}

/// <summary>The price that maximizes expected margin, (price − cost)·units(price), under a constant elasticity, within the guardrails' band.</summary>
public static class PriceOptimizer
{
    /// <summary>
    /// With elasticity ε below −1 the margin peaks at cost·ε/(1 + ε) and falls away on both sides, so the best allowed
    /// price is that peak clamped to the band; with ε at or above −1 margin only grows with price, so the band's top,
    /// when the band has one (a ceiling or a daily limit), else no move. Null when the band is empty.
    /// </summary>
    public static Money? Best(double elasticity, Money cost, (Money Low, Money High) band)
    {
        if (band.Low > band.High)
        {
            return null;
        }

        if (elasticity >= -1)
        {
            return band.High.Minor == long.MaxValue ? null : band.High;
        }

        var peak = Math.Round(cost.Minor * elasticity / (1 + elasticity), MidpointRounding.AwayFromZero);
        var minor = peak >= band.High.Minor ? band.High.Minor : Math.Max(band.Low.Minor, (long)peak);
        return Money.Of(minor, cost.Currency);
    }
}
