using Commerce.Contracts;
using Commerce.Documents;
using Microsoft.Extensions.Options;

namespace Commerce.Pricing.Domain;

/// <summary>
/// A SKU's demand over the trailing <see cref="Days"/> days (the analytics' <see cref="ProductDemandDay"/> documents)
/// and its available stock (the orders context's <see cref="SkuInventory"/>).
/// </summary>
public sealed record DemandSignal(int Days, long Views, long AddToCarts, long Purchases, long? Available)
{
    public double AddToCartRate => Views == 0 ? 0 : (double)AddToCarts / Views;

    public double ConversionRate => Views == 0 ? 0 : (double)Purchases / Views;

    /// <summary>Units sold per day: the sell-through.</summary>
    public double UnitsPerDay => Days == 0 ? 0 : (double)Purchases / Days;

    /// <summary>Days the available stock lasts at the current sell-through; null when nothing sold (no sell-through to measure) or the stock is unknown.</summary>
    public double? StockCoverDays => Available is { } units && UnitsPerDay > 0 ? units / UnitsPerDay : null;
}

/// <summary>
/// Demand signals read through published contracts only: <see cref="ProductDemandDay"/> (written by analytics) and
/// <see cref="SkuInventory"/> (written by orders). A SKU's day adds its product's document (product views) and its own
/// (the cart's add-to-cart events name the SKU).
/// </summary>
public sealed class DemandSignals(IDocumentStore store, IOptions<PricingOptions> options, TimeProvider clock)
{
    readonly IDocumentContainer<ProductDemandDay> _demand = store.Container<ProductDemandDay>(ProductDemandDay.Container);
    readonly IDocumentContainer<SkuInventory> _inventory = store.Container<SkuInventory>(SkuInventory.Container);

    /// <summary>Yesterday (UTC): the last whole day of demand.</summary>
    public DateOnly LastWholeDay => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(-1);

    /// <summary>The first whole day the signals look at (<see cref="PricingOptions.SignalDays"/> up to yesterday).</summary>
    public DateOnly SignalFrom => LastWholeDay.AddDays(1 - options.Value.SignalDays);

    /// <summary>The SKU's signal over the <see cref="PricingOptions.SignalDays"/> whole days up to yesterday.</summary>
    public async Task<DemandSignal> SignalAsync(SkuSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var demand = await DaysAsync(snapshot, SignalFrom, LastWholeDay, cancellationToken);
        return Signal(demand, (await _inventory.ReadAsync(snapshot.Sku, snapshot.Sku, cancellationToken))?.Value);
    }

    /// <summary>The signal from the SKU's <paramref name="days"/> (read from <see cref="SignalFrom"/> or earlier) and its stock.</summary>
    public DemandSignal Signal(IReadOnlyDictionary<DateOnly, ProductDemandDay> days, SkuInventory? inventory)
    {
        ArgumentNullException.ThrowIfNull(days);
        var from = SignalFrom;
        var demand = days.Values.Where(d => d.Day >= from).ToArray();
        return new DemandSignal(options.Value.SignalDays, demand.Sum(d => d.Views), demand.Sum(d => d.AddToCarts), demand.Sum(d => d.Purchases), inventory?.Available);
    }

    /// <summary>The SKU's demand per day from <paramref name="from"/> to <paramref name="to"/> (inclusive); a day without documents is absent.</summary>
    public async Task<IReadOnlyDictionary<DateOnly, ProductDemandDay>> DaysAsync(SkuSnapshot snapshot, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var days = new Dictionary<DateOnly, ProductDemandDay>();
        // Newest first by id (ProductDemandDay.IdOf: yyyy-MM-dd, so id order is day order): the store walks its key, no sort on the body.
        var newestFirst = new DocumentQuery { Descending = true };
        foreach (var key in new[] { snapshot.ProductId, snapshot.Sku }.Distinct(StringComparer.Ordinal))
        {
            await foreach (var day in _demand.AllAsync(key, newestFirst, cancellationToken: cancellationToken))
            {
                if (day.Day < from)
                {
                    break;
                }

                if (day.Day <= to)
                {
                    days[day.Day] = days.TryGetValue(day.Day, out var seen)
                        ? seen with { Views = seen.Views + day.Views, AddToCarts = seen.AddToCarts + day.AddToCarts, Purchases = seen.Purchases + day.Purchases }
                        : day with { ProductId = snapshot.Sku };
                }
            }
        }

        return days;
    }
}
