using Commerce.Contracts;
using Commerce.Documents;
using Microsoft.Extensions.Options;

namespace Commerce.Pricing.Domain;

/// <summary>
/// Trains and keeps each category's <see cref="PriceResponseModel"/>. The training data is the platform's own: per SKU
/// and day, the price in effect (pricing's <see cref="PriceChange"/> history, else the price now) and the demand the
/// analytics published (<see cref="ProductDemandDay"/>), over the <see cref="PricingOptions.TrainingDays"/> whole days
/// up to yesterday. A SKU's prices are taken in its first currency (ordinal) with a cost; elasticity is unitless, so
/// SKUs priced in different currencies train one model.
/// </summary>
public sealed class PriceModels(IDocumentStore store, DemandSignals demand, IOptions<PricingOptions> options, TimeProvider clock)
{
    readonly IDocumentContainer<PriceResponseModel> _models = store.Container<PriceResponseModel>(PricingContainers.Models);

    public async Task<PriceResponseModel?> CurrentAsync(string categoryId, CancellationToken cancellationToken = default)
        => (await _models.ReadAsync(categoryId, PricingContainers.ModelsPartition, cancellationToken))?.Value;

    /// <summary>The first whole day the model trains on (<see cref="PricingOptions.TrainingDays"/> up to yesterday).</summary>
    public DateOnly TrainingFrom => demand.LastWholeDay.AddDays(1 - options.Value.TrainingDays);

    /// <summary>Trains the category's model on <paramref name="observations"/> (<see cref="Observations"/> of its SKUs) and keeps it; with too little or too flat a history the previous model stays (null is returned).</summary>
    public async Task<PriceResponseModel?> TrainAsync(string categoryId, IEnumerable<PriceObservation> observations, CancellationToken cancellationToken = default)
    {
        if (PriceModelTrainer.Train(categoryId, [.. observations], clock.GetUtcNow()) is not { } model)
        {
            return null;
        }

        await _models.UpsertAsync(categoryId, PricingContainers.ModelsPartition, model, cancellationToken: cancellationToken);
        return model;
    }

    /// <summary>
    /// One SKU's training rows from its documents, read once: its days with views from <see cref="TrainingFrom"/> to
    /// yesterday (<paramref name="days"/> may reach further back), each with the price in effect at noon (UTC) in its
    /// first currency with a cost (<paramref name="newestFirst"/>: its changes in every currency, newest first).
    /// </summary>
    public IReadOnlyList<PriceObservation> Observations(SkuSnapshot? snapshot, SkuPricing? pricing, AppliedPrice? applied, IReadOnlyList<PriceChange> newestFirst, IReadOnlyDictionary<DateOnly, ProductDemandDay> days)
    {
        ArgumentNullException.ThrowIfNull(newestFirst);
        ArgumentNullException.ThrowIfNull(days);
        if (snapshot is null || pricing is null)
        {
            return [];
        }

        var currency = pricing.Costs.Keys.Order(StringComparer.Ordinal).FirstOrDefault(c => snapshot.Prices.ContainsKey(c));
        if (currency is null)
        {
            return [];
        }

        var current = applied?.Prices.TryGetValue(currency, out var a) == true ? a : snapshot.Prices[currency];
        var changes = newestFirst.Where(c => string.Equals(c.Currency, currency, StringComparison.Ordinal)).Reverse().ToArray();
        var (from, to) = (TrainingFrom, demand.LastWholeDay);
        var rows = days.Values.Where(d => d.Views > 0 && d.Day >= from && d.Day <= to).OrderBy(d => d.Day).Select(d => (d.Day, Price: PriceOn(changes, d.Day, current), d.Views, d.Purchases)).ToArray();
        if (rows.Length == 0)
        {
            return [];
        }

        var reference = Math.Exp(rows.Average(r => Math.Log(r.Price)));
        return [.. rows.Select(r => new PriceObservation(snapshot.Sku, r.Day, r.Price, reference, r.Views, r.Purchases))];
    }

    /// <summary>The price in effect at noon UTC of <paramref name="day"/>: the last change before, else the first change's old price, else the price now.</summary>
    static long PriceOn(IReadOnlyList<PriceChange> oldestFirst, DateOnly day, long current)
    {
        var noon = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var before = oldestFirst.LastOrDefault(c => c.At <= noon);
        return before?.NewPrice ?? oldestFirst.FirstOrDefault()?.OldPrice ?? current;
    }
}
