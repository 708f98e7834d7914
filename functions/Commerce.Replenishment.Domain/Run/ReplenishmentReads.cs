using Commerce.Documents;

namespace Commerce.Replenishment.Domain;

/// <summary>One day's units (forecast or shipped).</summary>
public sealed record DayUnits(DateOnly Day, double Units);

/// <summary>What replenishment knows of one SKU at one warehouse.</summary>
public sealed record WarehouseReplenishment(
    string Warehouse,
    IReadOnlyList<DayUnits> Actuals,
    IReadOnlyList<DayUnits> Forecast,
    int? ReorderPoint,
    int? OrderUpTo,
    double? SafetyStock,
    int? OnHand,
    string? Supplier,
    int? LeadTimeDays,
    string? RunId,
    IReadOnlyList<Suggestion> OpenOrders);

/// <summary>Body of <c>GET admin/replenishment/{sku}</c>.</summary>
public sealed record SkuReplenishment(string Sku, IReadOnlyList<WarehouseReplenishment> Warehouses);

/// <summary>A page of the stockout-risk list; pass <see cref="Continuation"/> back for the next one (absent on the last page).</summary>
public sealed record StockoutRiskPage(string? RunId, IReadOnlyList<StoredRisk> Items, string? Continuation);

/// <summary>The admin reads over the run's containers and the demand history.</summary>
public sealed class ReplenishmentReads(IDocumentStore store, DemandHistory history, ReplenishmentRuns runs, TimeProvider clock)
{
    /// <summary>Days of actual demand a SKU's read shows.</summary>
    public const int ActualDays = 28;
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    readonly IDocumentContainer<StoredPlan> plans = store.Container<StoredPlan>(ReplenishmentRuns.PlanContainer);
    readonly IDocumentContainer<StoredRisk> risks = store.Container<StoredRisk>(ReplenishmentRuns.RiskContainer);
    readonly IDocumentContainer<RunRecord> records = store.Container<RunRecord>(ReplenishmentRuns.RunContainer);

    /// <summary>Per warehouse: the last <see cref="ActualDays"/> days shipped, the last run's forecast and levels, the open suggestions; null when replenishment knows nothing of the SKU.</summary>
    public async Task<SkuReplenishment?> SkuAsync(string sku, CancellationToken cancellationToken = default)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var shipped = await history.SkuAsync(sku, today.AddDays(-ActualDays), today.AddDays(-1), cancellationToken);
        var planned = (await plans.QueryAsync(sku, new DocumentQuery { PageSize = 100 }, cancellationToken)).Items.Select(d => d.Value).ToList();
        var open = await runs.OpenSuggestionsAsync(sku, today.AddDays(1), cancellationToken);
        var warehouses = shipped.Select(s => s.Warehouse).Concat(planned.Select(p => p.Warehouse)).Concat(open.Select(o => o.Warehouse))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (warehouses.Count == 0)
        {
            return null;
        }

        return new SkuReplenishment(sku, [.. warehouses.Select(w =>
        {
            var actual = shipped.FirstOrDefault(s => s.Warehouse == w);
            var plan = planned.FirstOrDefault(p => p.Warehouse == w);
            return new WarehouseReplenishment(
                w,
                actual is null ? [] : [.. actual.Quantities.Select((units, day) => new DayUnits(actual.DateOf(day), units))],
                plan is null ? [] : [.. plan.Forecast.Select((units, day) => new DayUnits(plan.Origin.AddDays(day + 1), Math.Round(units, 2)))],
                plan?.ReorderPoint,
                plan?.OrderUpTo,
                plan is null ? null : Math.Round(plan.SafetyStock, 2),
                plan?.OnHand,
                plan?.Supplier,
                plan?.LeadTimeDays,
                plan?.RunId,
                [.. open.Where(o => o.Warehouse == w && ReplenishmentRuns.IsOpen(o, today.AddDays(1), plan?.LeadTimeDays ?? ReplenishmentLimits.MaxLeadTimeDays)).OrderBy(o => o.Day)]);
        })]);
    }

    /// <summary>The last completed run's SKU × warehouses at risk, most days short first; an empty page before any run.</summary>
    public async Task<StockoutRiskPage> RisksAsync(int pageSize, string? continuation, CancellationToken cancellationToken = default)
    {
        if ((await records.ReadAsync(ReplenishmentRuns.LatestRun, ReplenishmentRuns.LatestRun, cancellationToken))?.Value is not { } run)
        {
            return new StockoutRiskPage(null, [], null);
        }

        var page = await risks.QueryAsync(run.RunId, new DocumentQuery { OrderBy = "daysShort", Descending = true, PageSize = pageSize, ContinuationToken = continuation }, cancellationToken);
        return new StockoutRiskPage(run.RunId, [.. page.Items.Select(d => d.Value)], page.ContinuationToken);
    }
}
