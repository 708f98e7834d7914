using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Replenishment.Domain;

/// <summary>Body of <c>PUT admin/replenishment/suppliers/{supplier}/warehouses/{warehouse}</c>.</summary>
public sealed record SupplyTermsInput(int? LeadTimeDays, int? ReviewDays);

/// <summary>Body of <c>PUT admin/replenishment/categories/{category}</c>.</summary>
public sealed record ServiceLevelInput(double? ServiceLevel);

/// <summary>Body of <c>PUT admin/replenishment/skus/{sku}/supplier</c>.</summary>
public sealed record SkuSupplierInput(string? Supplier);

/// <summary>Who supplies a SKU (to every warehouse; the lead time is the supplier's to each warehouse).</summary>
public sealed record SkuSupplier(string Sku, string Supplier);

/// <summary>
/// A settings change: the stored value, or why it was refused (field → messages), or that what it names is unknown
/// (<see cref="Unknown"/>, a message); nothing stored unless <see cref="Value"/> is set.
/// </summary>
public sealed record SettingsResult<T>(T? Value, IReadOnlyDictionary<string, string[]>? Errors, string? Unknown = null)
    where T : class;

/// <summary>
/// The replenishment app's own settings, in its own containers: supply terms per supplier x warehouse (partition:
/// supplier) and a target service level per category (partition: category; 95 % when none is set). Values outside
/// <see cref="ReplenishmentLimits"/> are refused and nothing is written.
/// </summary>
public sealed class ReplenishmentSettings(IDocumentStore store)
{
    public const string TermsContainer = "replenishment-supply-terms";
    public const string ServiceLevelContainer = "replenishment-service-levels";
    public const string SupplierContainer = "replenishment-sku-suppliers";
    public const int MaxSupplierLength = 100;

    public async Task<SettingsResult<SupplyTerms>> SetSupplyTermsAsync(string supplier, string warehouse, SupplyTermsInput? input, CancellationToken cancellationToken = default)
    {
        if (input?.LeadTimeDays is not { } leadTime)
        {
            return Refused<SupplyTerms>(new("leadTimeDays", "A lead time in days is required."));
        }

        var terms = new SupplyTerms(supplier, warehouse, leadTime, input.ReviewDays ?? 1);
        if (ReplenishmentLimits.Problem(terms) is { } problem)
        {
            return Refused<SupplyTerms>(problem);
        }

        await store.Container<SupplyTerms>(TermsContainer).UpsertAsync(warehouse, supplier, terms, cancellationToken: cancellationToken);
        return new(terms, null);
    }

    public async Task<SupplyTerms?> TermsAsync(string supplier, string warehouse, CancellationToken cancellationToken = default) =>
        (await store.Container<SupplyTerms>(TermsContainer).ReadAsync(warehouse, supplier, cancellationToken))?.Value;

    public async Task<SettingsResult<CategoryServiceLevel>> SetServiceLevelAsync(string category, ServiceLevelInput? input, CancellationToken cancellationToken = default)
    {
        var level = new CategoryServiceLevel(category, input?.ServiceLevel ?? double.NaN);
        if (ReplenishmentLimits.Problem(level) is { } problem)
        {
            return Refused<CategoryServiceLevel>(problem);
        }

        await store.Container<CategoryServiceLevel>(ServiceLevelContainer).UpsertAsync(category, category, level, cancellationToken: cancellationToken);
        return new(level, null);
    }

    public async Task<double> ServiceLevelAsync(string category, CancellationToken cancellationToken = default) =>
        (await store.Container<CategoryServiceLevel>(ServiceLevelContainer).ReadAsync(category, category, cancellationToken))?.Value.ServiceLevel
        ?? ReplenishmentLimits.DefaultServiceLevel;

    public async Task<SettingsResult<SkuSupplier>> SetSupplierAsync(string sku, SkuSupplierInput? input, CancellationToken cancellationToken = default)
    {
        if (input?.Supplier is not { Length: > 0 and <= MaxSupplierLength } supplier || string.IsNullOrWhiteSpace(supplier))
        {
            return Refused<SkuSupplier>(new("supplier", $"A supplier id of 1 to {MaxSupplierLength} characters is required."));
        }

        if (await store.Container<SkuSnapshot>(SkuSnapshot.Container).ReadAsync(sku, sku, cancellationToken) is null)
        {
            return new(null, null, $"SKU '{sku}' is not in the catalog.");
        }

        var value = new SkuSupplier(sku, supplier);
        await store.Container<SkuSupplier>(SupplierContainer).UpsertAsync(sku, sku, value, cancellationToken: cancellationToken);
        return new(value, null);
    }

    /// <summary>The SKU's supplier, or null when none is set (the run then suggests transfers only).</summary>
    public async Task<string?> SupplierAsync(string sku, CancellationToken cancellationToken = default) =>
        (await store.Container<SkuSupplier>(SupplierContainer).ReadAsync(sku, sku, cancellationToken))?.Value.Supplier;

    private static SettingsResult<T> Refused<T>(LimitProblem problem)
        where T : class => new(null, new Dictionary<string, string[]> { [problem.Field] = [problem.Message] });
}
