using Commerce.Replenishment.Domain;

namespace Commerce.Replenishment.Evaluation;

/// <summary>How one replenishment policy fared over the simulated quarter, summed over every SKU x warehouse.</summary>
public sealed record PolicyOutcome(string Policy, int StockoutDays, double AverageInventory, double FillRate);

/// <summary>
/// A simulated quarter (91 days after a year of history) of every SKU x warehouse of the demand simulation, run twice
/// on the same demand: nightly forecast-driven levels (<see cref="NightlyReplenishment"/>, retrained weekly) against
/// fixed levels set once at the start from the last quarter's mean and spread of daily demand (same formula, same
/// service level, same lead time). Each day: orders due arrive, demand is served from the shelf (unserved demand is
/// lost; a day with unserved demand is a stockout day), then the position is compared with the reorder point and an
/// order up to the order-up-to level arrives after the lead time. Both start with the fixed policy's order-up-to stock.
/// </summary>
public static class QuarterSimulation
{
    public const int HistoryDays = 364;
    public const int QuarterDays = 91;

    public static (PolicyOutcome Forecast, PolicyOutcome Fixed) Run(int skus, int leadTimeDays, double serviceLevel, ForecasterOptions? options = null)
    {
        var series = DemandSimulation.Generate(new DemandSimulationOptions { Skus = skus, Days = HistoryDays + QuarterDays }, DemandFeatures.MaxHorizon);
        var terms = new SupplyTerms("supplier", "any", leadTimeDays);
        var fixedLevels = series.Select(s => FixedLevels(s, terms, serviceLevel)).ToArray();
        var start = fixedLevels.Select(l => l.OrderUpTo).ToArray();

        var fixedRun = new Shelves(series, start, leadTimeDays);
        var forecastRun = new Shelves(series, start, leadTimeDays);
        DemandForecaster? model = null;
        for (var day = HistoryDays; day < HistoryDays + QuarterDays; day++)
        {
            fixedRun.Serve(day);
            forecastRun.Serve(day);
            fixedRun.Reorder(day, fixedLevels);

            var tonight = series[0].DateOf(day);
            if ((day - HistoryDays) % 7 == 0)
            {
                model = NightlyReplenishment.Train(series, tonight, options);
            }

            var plans = NightlyReplenishment.PlanPartition(model!, series, tonight, (_, _) => terms, _ => serviceLevel);
            forecastRun.Reorder(day, [.. plans.Select(p => p.Levels)]);
        }

        return (forecastRun.Outcome("forecast-driven"), fixedRun.Outcome("fixed reorder point"));
    }

    private static ReorderLevels FixedLevels(DemandSeries series, SupplyTerms terms, double serviceLevel)
    {
        var last = series.Quantities.AsSpan(HistoryDays - QuarterDays, QuarterDays);
        var mean = 0.0;
        foreach (var q in last)
        {
            mean += q;
        }

        mean /= last.Length;
        var variance = 0.0;
        foreach (var q in last)
        {
            variance += (q - mean) * (q - mean);
        }

        float[] flat = [(float)mean];
        return ReorderPolicy.Compute(series.Sku, series.Warehouse, flat, Math.Sqrt(variance / last.Length), terms, serviceLevel);
    }

    private sealed class Shelves(IReadOnlyList<DemandSeries> series, int[] start, int leadTimeDays)
    {
        private readonly int[] _onHand = [.. start];
        private readonly int[] _onOrder = new int[start.Length];
        private readonly Dictionary<int, int[]> _arrivals = [];
        private int _stockoutDays;
        private double _inventoryDays;
        private double _served;
        private double _demand;
        private int _days;

        public void Serve(int day)
        {
            if (_arrivals.Remove(day, out var arriving))
            {
                for (var s = 0; s < _onHand.Length; s++)
                {
                    _onHand[s] += arriving[s];
                    _onOrder[s] -= arriving[s];
                }
            }

            for (var s = 0; s < _onHand.Length; s++)
            {
                var demand = (int)series[s].Quantities[day];
                var served = Math.Min(demand, _onHand[s]);
                _onHand[s] -= served;
                _stockoutDays += served < demand ? 1 : 0;
                _served += served;
                _demand += demand;
                _inventoryDays += _onHand[s];
            }

            _days++;
        }

        public void Reorder(int day, IReadOnlyList<ReorderLevels> levels)
        {
            var order = new int[_onHand.Length];
            for (var s = 0; s < _onHand.Length; s++)
            {
                var position = _onHand[s] + _onOrder[s];
                if (position <= levels[s].ReorderPoint)
                {
                    order[s] = levels[s].OrderUpTo - position;
                    _onOrder[s] += order[s];
                }
            }

            _arrivals[day + leadTimeDays] = order;
        }

        public PolicyOutcome Outcome(string policy) =>
            new(policy, _stockoutDays, _inventoryDays / _days / _onHand.Length, _demand > 0 ? _served / _demand : 1);
    }
}
