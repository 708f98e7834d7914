using System.Security.Cryptography;
using System.Text;
using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Pricing.Domain;

/// <summary>
/// One shopper counted in an experiment: container <see cref="PricingContainers.ExperimentVisitors"/>, partition = the
/// experiment, id = <see cref="ExperimentVisits.VisitorId"/>. Created by their first exposure; their purchases of the
/// experiment's SKUs add up here (the orders counted, so a purchase delivered twice counts once).
/// </summary>
public sealed record ExperimentVisitor(string ExperimentId, string Variant, long Revenue, long Margin, IReadOnlyList<string> Orders)
{
    public bool Converted => Orders.Count > 0;
}

/// <summary>
/// Exposures and conversions from the clickstream: a <see cref="StorefrontEventTypes.PriceExposure"/> the catalog sent
/// counts the shopper once as a visitor of their variant; a later purchase by that shopper of SKUs the experiment prices
/// converts them, with the revenue of those lines and their margin over the SKUs' costs. Only running experiments count.
/// </summary>
public sealed class ExperimentVisits(IDocumentStore store)
{
    readonly IDocumentContainer<PriceExperiment> _experiments = store.Container<PriceExperiment>(PricingContainers.Experiments);
    readonly IDocumentContainer<ExperimentVisitor> _visitors = store.Container<ExperimentVisitor>(PricingContainers.ExperimentVisitors);
    readonly IDocumentContainer<ExperimentVariantTotals> _totals = store.Container<ExperimentVariantTotals>(PricingContainers.ExperimentTotals);
    readonly IDocumentContainer<SkuSnapshot> _catalog = store.Container<SkuSnapshot>(SkuSnapshot.Container);
    readonly IDocumentContainer<SkuPricing> _skus = store.Container<SkuPricing>(PricingContainers.Skus);

    /// <summary>The visitor document id of a shopper: a hash, so no customer or session id is stored.</summary>
    public static string VisitorId(string shopper) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(shopper)));

    public async Task RecordAsync(IReadOnlyList<StorefrontEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        IReadOnlyList<PriceExperiment>? running = null;
        foreach (var e in events)
        {
            if (e is { Type: StorefrontEventTypes.PriceExposure, Shopper: { } shopper, Experiment: { } exposure })
            {
                await ExposedAsync(exposure, shopper, cancellationToken);
            }
            else if (e is { Type: StorefrontEventTypes.Purchase, Shopper: { } buyer, OrderId: { } orderId, Currency: { } currency, Items.Count: > 0 })
            {
                running ??= await Experiments.RunningIn(_experiments, cancellationToken);
                foreach (var experiment in running)
                {
                    await PurchasedAsync(experiment, buyer, orderId, currency, e.Items!, cancellationToken);
                }
            }
        }
    }

    async Task ExposedAsync(ExperimentExposure exposure, string shopper, CancellationToken cancellationToken)
    {
        if (!ExperimentInputs.IsId(exposure.ExperimentId)
            || (await _experiments.ReadAsync(exposure.ExperimentId, PricingContainers.ExperimentsPartition, cancellationToken))?.Value is not { Status: ExperimentStatus.Running } experiment
            || !experiment.Variants.Any(v => v.Name == exposure.Variant))
        {
            return;
        }

        try
        {
            await _visitors.CreateAsync(VisitorId(shopper), experiment.Id, new ExperimentVisitor(experiment.Id, exposure.Variant, 0, 0, []), cancellationToken: cancellationToken);
        }
        catch (DocumentConflictException)
        {
            return; // counted at their first exposure
        }

        await _totals.UpdateAsync(exposure.Variant, experiment.Id, current => new ExperimentVariantTotals(experiment.Id, exposure.Variant, (current?.Totals ?? new VariantTotals()).With(false, 0, 0)), cancellationToken: cancellationToken);
    }

    async Task PurchasedAsync(PriceExperiment experiment, string shopper, string orderId, string currency, IReadOnlyList<PurchasedItem> items, CancellationToken cancellationToken)
    {
        var id = VisitorId(shopper);
        if ((await _visitors.ReadAsync(id, experiment.Id, cancellationToken))?.Value is not { } visitor || visitor.Orders.Contains(orderId, StringComparer.Ordinal))
        {
            return;
        }

        long revenue = 0, margin = 0;
        foreach (var item in items)
        {
            if (await TargetsAsync(experiment, item.Sku, cancellationToken))
            {
                var cost = (await _skus.ReadAsync(item.Sku, item.Sku, cancellationToken))?.Value.Costs.GetValueOrDefault(currency) ?? 0;
                revenue += item.UnitPrice * item.Quantity;
                margin += (item.UnitPrice - cost) * item.Quantity;
            }
        }

        if (revenue == 0)
        {
            return;
        }

        // The visitor first (the order is counted once however often the event comes), then their variant's totals.
        ExperimentVisitor? before = null;
        var written = await _visitors.UpdateIfAsync(id, experiment.Id, current =>
        {
            before = current;
            return current is null || current.Orders.Contains(orderId, StringComparer.Ordinal) ? null
                : current with { Revenue = current.Revenue + revenue, Margin = current.Margin + margin, Orders = [.. current.Orders, orderId] };
        }, cancellationToken: cancellationToken);
        if (written is null || before is null)
        {
            return;
        }

        var prior = (before.Revenue, before.Margin, before.Converted);
        await _totals.UpdateAsync(before.Variant, experiment.Id, current => new ExperimentVariantTotals(experiment.Id, before.Variant, (current?.Totals ?? new VariantTotals()).WithPurchase(prior, revenue, margin)), cancellationToken: cancellationToken);
    }

    async Task<bool> TargetsAsync(PriceExperiment experiment, string sku, CancellationToken cancellationToken)
        => experiment.Skus.Contains(sku, StringComparer.Ordinal)
            || (experiment.Categories.Count > 0 && (await _catalog.ReadAsync(sku, sku, cancellationToken))?.Value.CategoryId is { } category && experiment.Categories.Contains(category, StringComparer.Ordinal));
}
