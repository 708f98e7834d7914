using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Replenishment.Domain;

/// <summary>Sends a suggestion on the <see cref="ReplenishmentOrder.Queue"/> queue.</summary>
public interface IReplenishmentOrderSender
{
    Task SendAsync(ReplenishmentOrder order, CancellationToken cancellationToken = default);
}

/// <summary>
/// The steps of the nightly run over the app's own containers: <see cref="TrainAsync"/> once (the model is stored
/// under the run id), <see cref="PlanPartitionAsync"/> per partition of SKUs (levels and risks stored, suggestions
/// returned), <see cref="SendOrdersAsync"/> once (each SKU × receiving warehouse × day decided once, sent once).
/// Stock on hand is the orders context's published <see cref="SkuInventory"/>; on order is what this app suggested
/// within the lead time; categories (for the service level) come from the catalog's <see cref="SkuSnapshot"/>. Every
/// series trained on or planned carries the cart's promotion calendar and analytics' clickstream (<see cref="ForecastSignalReader"/>).
/// </summary>
public sealed class ReplenishmentRuns(IDocumentStore store, DemandHistory history, ForecastSignalReader signals, ReplenishmentSettings settings, IReplenishmentOrderSender sender, TimeProvider clock)
{
    public const string ModelContainer = "replenishment-models";
    public const string PlanContainer = "replenishment-plans";
    public const string RiskContainer = "replenishment-risks";
    public const string SuggestionContainer = "replenishment-suggestions";
    public const string RunContainer = "replenishment-runs";
    public const string LatestRun = "latest";

    /// <summary>Days of demand history a run reads (a year: the 84-day features and four held-out weeks fit well inside).</summary>
    public const int HistoryDays = 364;

    static readonly DocumentWriteOptions Expiring = new() { TimeToLive = TimeSpan.FromDays(35) };

    readonly IDocumentContainer<StoredModel> models = store.Container<StoredModel>(ModelContainer);
    readonly IDocumentContainer<StoredPlan> plans = store.Container<StoredPlan>(PlanContainer);
    readonly IDocumentContainer<StoredRisk> risks = store.Container<StoredRisk>(RiskContainer);
    readonly IDocumentContainer<Suggestion> suggestions = store.Container<Suggestion>(SuggestionContainer);
    readonly IDocumentContainer<RunRecord> runs = store.Container<RunRecord>(RunContainer);

    sealed record StoredModel(string RunId, bool LogTarget, int TrainingRows, string Model);

    public static DateOnly HistoryStart(DateOnly origin) => origin.AddDays(1 - HistoryDays);

    /// <summary>Trains on partitions read in order until the model's sample is full; the number of rows (0: nothing to train on, nothing stored).</summary>
    public async Task<int> TrainAsync(RunInput run, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(run);
        var options = new ForecasterOptions();
        var series = new List<DemandSeries>();
        foreach (var partition in DemandPartitions.All)
        {
            series.AddRange(await history.PartitionAsync(partition, HistoryStart(run.Origin), run.Origin, cancellationToken));
            if (series.Count >= options.MaxTrainingSeries)
            {
                break;
            }
        }

        DemandForecaster model;
        try
        {
            model = NightlyReplenishment.Train(await signals.ApplyAsync(series, cancellationToken), run.Origin, options);
        }
        catch (ArgumentException)
        {
            return 0;
        }

        using var bytes = new MemoryStream();
        model.Save(bytes);
        await models.UpsertAsync(run.RunId, run.RunId, new StoredModel(run.RunId, model.LogTarget, model.TrainingRows, Convert.ToBase64String(bytes.ToArray())), Expiring, cancellationToken);
        return model.TrainingRows;
    }

    public async Task<PartitionOutcome> PlanPartitionAsync(PartitionInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (run, partition) = (input.Run, input.Partition);
        var stored = (await models.ReadAsync(run.RunId, run.RunId, cancellationToken))?.Value;
        var series = await history.PartitionAsync(partition, HistoryStart(run.Origin), run.Origin, cancellationToken);
        if (stored is null || series.Count == 0)
        {
            return new PartitionOutcome(partition, series.Count, 0, 0, [], []);
        }

        using var bytes = new MemoryStream(Convert.FromBase64String(stored.Model));
        var model = DemandForecaster.Load(bytes, stored.LogTarget, stored.TrainingRows);
        series = await signals.ApplyAsync(series, cancellationToken);
        var context = await SkuContextAsync([.. series.Select(s => s.Sku).Distinct(StringComparer.Ordinal)], run.Day, cancellationToken);
        var terms = new Dictionary<(string, string), SupplyTerms?>();
        foreach (var (supplier, warehouse) in series.Select(s => (Supplier: context[s.Sku].Supplier, s.Warehouse)).Where(x => x.Supplier is not null).Distinct())
        {
            terms[(supplier!, warehouse)] = await settings.TermsAsync(supplier!, warehouse, cancellationToken);
        }

        SupplyTerms? TermsOf(string sku, string warehouse) =>
            context[sku].Supplier is { } supplier ? terms.GetValueOrDefault((supplier, warehouse)) : null;

        var planned = NightlyReplenishment.PlanPartition(model, series, run.Origin, TermsOf, sku => context[sku].ServiceLevel);
        var positions = planned.ToDictionary(
            p => (p.Levels.Sku, p.Levels.Warehouse),
            p => context[p.Levels.Sku].PositionAt(p.Levels.Sku, p.Levels.Warehouse, run.Day, TermsOf(p.Levels.Sku, p.Levels.Warehouse)!.LeadTimeDays));
        var plan = ReplenishmentPlanner.Plan(planned.Select(p => p.Levels), positions, (sku, _) => context[sku].Supplier);
        var atRisk = StockoutRisks.Rank(
            planned.Select(p => new CoverInput(p.Levels.Sku, p.Levels.Warehouse, positions[(p.Levels.Sku, p.Levels.Warehouse)].OnHand, p.Forecast, TermsOf(p.Levels.Sku, p.Levels.Warehouse)!.LeadTimeDays)),
            int.MaxValue);

        await Parallel.ForEachAsync(planned, cancellationToken, async (p, ct) =>
        {
            var (levels, position) = (p.Levels, positions[(p.Levels.Sku, p.Levels.Warehouse)]);
            var stock = new StoredPlan(levels.Sku, levels.Warehouse, run.RunId, run.Origin, p.Forecast, p.ErrorDeviation, levels.SafetyStock, levels.ReorderPoint, levels.OrderUpTo,
                context[levels.Sku].Supplier!, TermsOf(levels.Sku, levels.Warehouse)!.LeadTimeDays, position.OnHand, position.OnOrder);
            await plans.UpsertAsync(levels.Warehouse, levels.Sku, stock, cancellationToken: ct);
        });
        await Parallel.ForEachAsync(atRisk, cancellationToken, async (r, ct) =>
            await risks.UpsertAsync(DemandHistory.IdOf(r.Sku, r.Warehouse), run.RunId, new StoredRisk(r.Sku, r.Warehouse, r.OnHand, r.DaysOfCover, r.LeadTimeDays, r.DaysShort), Expiring, ct));

        return new PartitionOutcome(partition, series.Count, planned.Count, atRisk.Count,
            [.. plan.Purchases.SelectMany(o => o.Lines.Select(l => new PlannedPurchase(l.Sku, o.Warehouse, o.Supplier, l.Quantity)))],
            plan.Transfers);
    }

    sealed record SkuContext(string? Supplier, double ServiceLevel, SkuInventory? Inventory, IReadOnlyList<Suggestion> Open)
    {
        /// <summary>On hand: the units no order bought; on order: what was suggested less than a lead time before <paramref name="day"/> (not arrived yet).</summary>
        public StockPosition PositionAt(string sku, string warehouse, DateOnly day, int leadTimeDays) => new(
            sku,
            warehouse,
            (int)Math.Min(int.MaxValue, Inventory?.Warehouses.FirstOrDefault(w => w.WarehouseId == warehouse)?.OnHand ?? 0),
            Open.Where(s => s.Warehouse == warehouse && IsOpen(s, day, leadTimeDays)).Sum(s => s.Inbound));
    }

    async Task<Dictionary<string, SkuContext>> SkuContextAsync(IReadOnlyList<string> skus, DateOnly day, CancellationToken cancellationToken)
    {
        var snapshots = store.Container<SkuSnapshot>(SkuSnapshot.Container);
        var inventory = store.Container<SkuInventory>(SkuInventory.Container);
        var context = new System.Collections.Concurrent.ConcurrentDictionary<string, SkuContext>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(skus, cancellationToken, async (sku, ct) =>
        {
            var category = (await snapshots.ReadAsync(sku, sku, ct))?.Value.CategoryId;
            var level = category is null ? ReplenishmentLimits.DefaultServiceLevel : await settings.ServiceLevelAsync(category, ct);
            var supplier = await settings.SupplierAsync(sku, ct);
            var stock = (await inventory.ReadAsync(sku, sku, ct))?.Value;
            context[sku] = new SkuContext(supplier, level, stock, await OpenSuggestionsAsync(sku, day, ct));
        });
        return new Dictionary<string, SkuContext>(context, StringComparer.Ordinal);
    }

    /// <summary>A suggestion is open (its stock on its way) from its day until its lead time has passed; what arrived shows in the warehouse's reported level.</summary>
    public static bool IsOpen(Suggestion suggestion, DateOnly day, int leadTimeDays)
    {
        ArgumentNullException.ThrowIfNull(suggestion);
        return suggestion.Day < day && suggestion.Day.AddDays(leadTimeDays) >= day;
    }

    /// <summary>The SKU's suggestions that may still be open on <paramref name="day"/>: decided before it, within the longest lead time.</summary>
    public async Task<IReadOnlyList<Suggestion>> OpenSuggestionsAsync(string sku, DateOnly day, CancellationToken cancellationToken = default)
    {
        var open = new List<Suggestion>();
        string? continuation = null;
        do
        {
            var page = await suggestions.QueryAsync(sku, new DocumentQuery { PageSize = 200, ContinuationToken = continuation }, cancellationToken);
            open.AddRange(page.Items.Select(d => d.Value).Where(s => IsOpen(s, day, ReplenishmentLimits.MaxLeadTimeDays)));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return open;
    }

    /// <summary>
    /// Records each SKU × receiving warehouse's decision for the day (the first run of the day decides; a rerun finds it),
    /// sends what is not sent yet (purchases grouped per supplier and warehouse, one message per transfer), then marks it sent.
    /// </summary>
    public async Task<RunSummary> SendOrdersAsync(OrdersInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var run = input.Run;
        var decided = input.Partitions.SelectMany(p => p.Purchases.Select(x => (x.Sku, x.Warehouse)))
            .Concat(input.Partitions.SelectMany(p => p.Transfers.Select(t => (t.Sku, Warehouse: t.ToWarehouse))))
            .Distinct()
            .Select(key => new Suggestion
            {
                Sku = key.Sku,
                Warehouse = key.Warehouse,
                Day = run.Day,
                RunId = run.RunId,
                Supplier = input.Partitions.SelectMany(p => p.Purchases).FirstOrDefault(x => x.Sku == key.Sku && x.Warehouse == key.Warehouse)?.Supplier,
                PurchaseQuantity = input.Partitions.SelectMany(p => p.Purchases).Where(x => x.Sku == key.Sku && x.Warehouse == key.Warehouse).Sum(x => x.Quantity),
                Transfers = [.. input.Partitions.SelectMany(p => p.Transfers).Where(t => t.Sku == key.Sku && t.ToWarehouse == key.Warehouse).Select(t => new TransferIn(t.FromWarehouse, t.Quantity))],
            })
            .ToList();
        var pending = new System.Collections.Concurrent.ConcurrentBag<Suggestion>();
        await Parallel.ForEachAsync(decided, cancellationToken, async (s, ct) =>
        {
            var id = SuggestionId(s.Day, s.Warehouse);
            Suggestion current;
            try
            {
                current = (await suggestions.CreateAsync(id, s.Sku, s, cancellationToken: ct)).Value;
            }
            catch (DocumentConflictException)
            {
                current = (await suggestions.ReadAsync(id, s.Sku, ct))!.Value;
            }

            if (!current.Sent)
            {
                pending.Add(current);
            }
        });

        var orders = Orders(run, [.. pending]);
        foreach (var order in orders)
        {
            await sender.SendAsync(order, cancellationToken);
        }

        await Parallel.ForEachAsync(pending, cancellationToken, async (s, ct) =>
            await suggestions.UpsertAsync(SuggestionId(s.Day, s.Warehouse), s.Sku, s with { Sent = true }, cancellationToken: ct));
        var (series, planned, atRisk) = (input.Partitions.Sum(p => p.Series), input.Partitions.Sum(p => p.Planned), input.Partitions.Sum(p => p.AtRisk));
        await runs.UpsertAsync(LatestRun, LatestRun, new RunRecord(run.RunId, run.Origin, clock.GetUtcNow(), series, planned, atRisk), cancellationToken: cancellationToken);
        return new RunSummary(run.RunId, run.Origin, series, planned, atRisk, orders.Count(o => o.Kind == ReplenishmentOrderKind.Purchase), orders.Count(o => o.Kind == ReplenishmentOrderKind.Transfer));
    }

    public static string SuggestionId(DateOnly day, string warehouse) => DemandHistory.DayKey(day) + "|" + warehouse;

    /// <summary>The messages for decisions not sent yet: one purchase order per supplier × warehouse (lines in SKU order), one message per transfer.</summary>
    public static IReadOnlyList<ReplenishmentOrder> Orders(RunInput run, IReadOnlyList<Suggestion> pending)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(pending);
        var day = DemandHistory.DayKey(run.Day);
        var purchases = pending.Where(s => s.PurchaseQuantity > 0 && s.Supplier is not null)
            .GroupBy(s => (Supplier: s.Supplier!, s.Warehouse))
            .OrderBy(g => g.Key.Supplier, StringComparer.Ordinal).ThenBy(g => g.Key.Warehouse, StringComparer.Ordinal)
            .Select(g => new ReplenishmentOrder
            {
                Id = $"purchase|{day}|{g.Key.Supplier}|{g.Key.Warehouse}",
                Kind = ReplenishmentOrderKind.Purchase,
                Day = run.Day,
                RunId = run.RunId,
                Supplier = g.Key.Supplier,
                Warehouse = g.Key.Warehouse,
                Lines = [.. g.OrderBy(s => s.Sku, StringComparer.Ordinal).Select(s => new ReplenishmentOrderLine(s.Sku, s.PurchaseQuantity))],
            });
        var transfers = pending.SelectMany(s => s.Transfers.Select(t => (s.Sku, s.Warehouse, Transfer: t)))
            .OrderBy(x => x.Sku, StringComparer.Ordinal).ThenBy(x => x.Warehouse, StringComparer.Ordinal).ThenBy(x => x.Transfer.FromWarehouse, StringComparer.Ordinal)
            .Select(x => new ReplenishmentOrder
            {
                Id = $"transfer|{day}|{x.Sku}|{x.Transfer.FromWarehouse}|{x.Warehouse}",
                Kind = ReplenishmentOrderKind.Transfer,
                Day = run.Day,
                RunId = run.RunId,
                FromWarehouse = x.Transfer.FromWarehouse,
                Warehouse = x.Warehouse,
                Lines = [new ReplenishmentOrderLine(x.Sku, x.Transfer.Quantity)],
            });
        return [.. purchases, .. transfers];
    }
}
