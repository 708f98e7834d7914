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
    readonly IDocumentContainer<CategorySku> _categorySkus = store.Container<CategorySku>(PricingContainers.CategorySkus);
    readonly IDocumentContainer<SkuSnapshot> _catalog = store.Container<SkuSnapshot>(SkuSnapshot.Container);
    readonly IDocumentContainer<SkuPricing> _skus = store.Container<SkuPricing>(PricingContainers.Skus);
    readonly IDocumentContainer<AppliedPrice> _applied = store.Container<AppliedPrice>(AppliedPrice.Container);
    readonly IDocumentContainer<PriceChange> _changes = store.Container<PriceChange>(PricingContainers.Changes);

    public async Task<PriceResponseModel?> CurrentAsync(string categoryId, CancellationToken cancellationToken = default)
        => (await _models.ReadAsync(categoryId, PricingContainers.ModelsPartition, cancellationToken))?.Value;

    /// <summary>Retrains the category's model and keeps it; with too little or too flat a history the previous model stays (null is returned).</summary>
    public async Task<PriceResponseModel?> TrainAsync(string categoryId, CancellationToken cancellationToken = default)
    {
        var to = demand.LastWholeDay;
        var from = to.AddDays(1 - options.Value.TrainingDays);
        var observations = new List<PriceObservation>();
        await foreach (var entry in _categorySkus.AllAsync(categoryId, cancellationToken: cancellationToken))
        {
            observations.AddRange(await ObservationsAsync(entry.Sku, from, to, cancellationToken));
        }

        if (PriceModelTrainer.Train(categoryId, observations, clock.GetUtcNow()) is not { } model)
        {
            return null;
        }

        await _models.UpsertAsync(categoryId, PricingContainers.ModelsPartition, model, cancellationToken: cancellationToken);
        return model;
    }

    /// <summary>The SKU's days with views, each with the price in effect at noon (UTC).</summary>
    async Task<IReadOnlyList<PriceObservation>> ObservationsAsync(string sku, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var snapshot = (await _catalog.ReadAsync(sku, sku, cancellationToken))?.Value;
        var pricing = (await _skus.ReadAsync(sku, sku, cancellationToken))?.Value;
        var applied = (await _applied.ReadAsync(sku, sku, cancellationToken))?.Value;
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
        var changes = new List<PriceChange>();
        await foreach (var change in _changes.AllAsync(sku, new DocumentQuery { Filters = new Dictionary<string, object?> { ["currency"] = currency }, OrderBy = "at" }, cancellationToken))
        {
            changes.Add(change);
        }

        var days = await demand.DaysAsync(snapshot, from, to, cancellationToken);
        var rows = days.Values.Where(d => d.Views > 0).OrderBy(d => d.Day).Select(d => (d.Day, Price: PriceOn(changes, d.Day, current), d.Views, d.Purchases)).ToArray();
        if (rows.Length == 0)
        {
            return [];
        }

        var reference = Math.Exp(rows.Average(r => Math.Log(r.Price)));
        return [.. rows.Select(r => new PriceObservation(sku, r.Day, r.Price, reference, r.Views, r.Purchases))];
    }

    /// <summary>The price in effect at noon UTC of <paramref name="day"/>: the last change before, else the first change's old price, else the price now.</summary>
    static long PriceOn(IReadOnlyList<PriceChange> oldestFirst, DateOnly day, long current)
    {
        var noon = new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
        var before = oldestFirst.LastOrDefault(c => c.At <= noon);
        return before?.NewPrice ?? oldestFirst.FirstOrDefault()?.OldPrice ?? current;
    }
}
