using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Pricing.Domain;

public enum ExperimentStatus
{
    Running,
    Stopped,
    RolledOut,
}

/// <summary>One arm of a price experiment: its prices are the current ones × <see cref="MultiplierBasisPoints"/>/10,000; it gets <see cref="Weight"/> % of the traffic.</summary>
public sealed record ExperimentVariant(string Name, long MultiplierBasisPoints, int Weight);

/// <summary>
/// An A/B price experiment: container <see cref="PricingContainers.Experiments"/>, partition
/// <see cref="PricingContainers.ExperimentsPartition"/>. The first variant is the control the others are compared with.
/// </summary>
public sealed record PriceExperiment
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required IReadOnlyList<ExperimentVariant> Variants { get; init; }

    public IReadOnlyList<string> Skus { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    public DateTimeOffset StartAt { get; init; }

    public DateTimeOffset? StopAt { get; init; }

    public ExperimentStatus Status { get; init; }

    public string? Winner { get; init; }

    public required string CreatedBy { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public string? EndedBy { get; init; }

    /// <summary>The claims this experiment holds on its targets (<see cref="Experiments.TargetKey"/>).</summary>
    public IEnumerable<string> TargetKeys => Skus.Select(s => Experiments.TargetKey("sku", s)).Concat(Categories.Select(c => Experiments.TargetKey("category", c)));
}

public sealed record ExperimentVariantInput(string? Name, long? MultiplierBasisPoints, int? Weight);

/// <summary>What an admin sends to start an experiment: 2-5 variants (the first the control), target SKUs and/or categories, start (default now) and optional stop.</summary>
public sealed record ExperimentInput(string? Name, IReadOnlyList<ExperimentVariantInput>? Variants, IReadOnlyList<string>? Skus, IReadOnlyList<string>? Categories, DateTimeOffset? StartAt, DateTimeOffset? StopAt);

/// <summary>Which variant to roll out.</summary>
public sealed record RolloutInput(string? Variant);

/// <summary>A variant's figures: conversion, revenue and margin per visitor with 95 % intervals, and (not for the control) the sequential test against the control.</summary>
public sealed record VariantResult(string Name, long MultiplierBasisPoints, long Visitors, Estimate ConversionRate, Estimate RevenuePerVisitor, Estimate MarginPerVisitor, Comparison? AgainstControl);

public sealed record ExperimentResults(string ExperimentId, ExperimentStatus Status, double Alpha, string Test, IReadOnlyList<VariantResult> Variants, string? Leader);

/// <summary>A running experiment with its results so far (the analytics dashboard's experiments panel).</summary>
public sealed record RunningExperiment(PriceExperiment Experiment, ExperimentResults Results);

/// <summary>A running experiment's totals for one variant: container <see cref="PricingContainers.ExperimentTotals"/>, partition = the experiment, id = the variant.</summary>
public sealed record ExperimentVariantTotals(string ExperimentId, string Variant, VariantTotals Totals);

/// <summary>A target held by an experiment (container <see cref="PricingContainers.ExperimentClaims"/>, partition = the target key, id <see cref="Experiments.ClaimId"/>): created, never overwritten, so two experiments never hold one target.</summary>
public sealed record ExperimentClaim(string Target, string ExperimentId);

/// <summary>
/// A/B price experiments: definition (overlaps refused), deterministic assignment, visits recorded per variant, results
/// with the sequential test (<see cref="ExperimentStatistics"/>), stop, and roll-out of a winner (its prices proposed
/// through the usual guardrails and approval mode).
/// </summary>
public sealed class Experiments(IDocumentStore store, PricingService pricing, TimeProvider clock)
{
    public const string ClaimId = "claim";
    public const double Alpha = 0.05;
    public const string OverlapRule = "experiment-overlap";

    readonly IDocumentContainer<PriceExperiment> _experiments = store.Container<PriceExperiment>(PricingContainers.Experiments);
    readonly IDocumentContainer<ExperimentClaim> _claims = store.Container<ExperimentClaim>(PricingContainers.ExperimentClaims);
    readonly IDocumentContainer<ExperimentVariantTotals> _totals = store.Container<ExperimentVariantTotals>(PricingContainers.ExperimentTotals);
    readonly IDocumentContainer<SkuSnapshot> _catalog = store.Container<SkuSnapshot>(SkuSnapshot.Container);
    readonly IDocumentContainer<LivePriceExperiment> _live = store.Container<LivePriceExperiment>(LivePriceExperiment.Container);
    readonly IDocumentContainer<CategorySku> _categorySkus = store.Container<CategorySku>(PricingContainers.CategorySkus);

    public static string TargetKey(string kind, string id) => kind + ":" + id;

    /// <summary>The variant a shopper (customer or session id, see <see cref="ExperimentShoppers"/>) sees: <see cref="LivePriceExperiment.Assign"/>, as the storefront assigns it.</summary>
    public static ExperimentVariant Assign(PriceExperiment experiment, string shopperId)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        return experiment.Variants[LivePriceExperiment.Assign(experiment.Id, shopperId, [.. experiment.Variants.Select(v => v.Weight)])];
    }

    /// <summary>A variant's price for a current price: × multiplier, rounded to the minor unit (<see cref="LivePriceVariant.Price"/>).</summary>
    public static Money VariantPrice(Money current, ExperimentVariant variant)
    {
        ArgumentNullException.ThrowIfNull(variant);
        return current with { Minor = LivePriceVariant.Price(current.Minor, variant.MultiplierBasisPoints) };
    }

    public async Task<PricingResult<PriceExperiment>> CreateAsync(ExperimentInput? input, string by, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>();
        var experiment = ExperimentInputs.ToExperiment(input, by, now, errors);
        if (experiment is null)
        {
            return PricingResult<PriceExperiment>.Invalid(errors);
        }

        foreach (var sku in experiment.Skus)
        {
            if (await _catalog.ReadAsync(sku, sku, cancellationToken) is null)
            {
                errors[$"skus.{sku}"] = [$"SKU '{sku}' is not in the catalog."];
            }
        }

        if (errors.Count > 0)
        {
            return PricingResult<PriceExperiment>.Invalid(errors);
        }

        if (await OverlapAsync(experiment, cancellationToken) is { } overlap)
        {
            return PricingResult<PriceExperiment>.Refused(overlap);
        }

        // The claims make the refusal atomic: of two experiments racing for one target, one create fails.
        var claimed = new List<string>();
        foreach (var key in experiment.TargetKeys)
        {
            try
            {
                await _claims.CreateAsync(ClaimId, key, new ExperimentClaim(key, experiment.Id), cancellationToken: cancellationToken);
                claimed.Add(key);
            }
            catch (DocumentConflictException)
            {
                await ReleaseAsync(claimed, cancellationToken);
                return PricingResult<PriceExperiment>.Refused(new PriceRefusal(OverlapRule, $"Another experiment holds {key}."));
            }
        }

        await _experiments.CreateAsync(experiment.Id, PricingContainers.ExperimentsPartition, experiment, cancellationToken: cancellationToken);
        await _live.UpsertAsync(experiment.Id, LivePriceExperiment.Partition, await LiveAsync(experiment, cancellationToken), cancellationToken: cancellationToken);
        return PricingResult<PriceExperiment>.Created(experiment);
    }

    public async Task<PricingResult<PriceExperiment>> GetAsync(string id, CancellationToken cancellationToken = default)
        => !ExperimentInputs.IsId(id) ? BadId<PriceExperiment>()
            : await FindAsync(id, cancellationToken) is { } experiment ? PricingResult<PriceExperiment>.Ok(experiment) : NotFound<PriceExperiment>(id);

    /// <summary>Counts one visitor of a running experiment in their variant: converted or not, with the revenue and margin of what they bought.</summary>
    public async Task<ExperimentVariant?> RecordVisitAsync(string id, string shopperId, bool converted, long revenue, long margin, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(id, cancellationToken) is not { Status: ExperimentStatus.Running } experiment)
        {
            return null;
        }

        var variant = Assign(experiment, shopperId);
        await _totals.UpdateAsync(variant.Name, id, current => new ExperimentVariantTotals(id, variant.Name, (current?.Totals ?? new VariantTotals()).With(converted, revenue, margin)), cancellationToken: cancellationToken);
        return variant;
    }

    public async Task<PricingResult<ExperimentResults>> ResultsAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!ExperimentInputs.IsId(id))
        {
            return BadId<ExperimentResults>();
        }

        if (await FindAsync(id, cancellationToken) is not { } experiment)
        {
            return NotFound<ExperimentResults>(id);
        }

        return PricingResult<ExperimentResults>.Ok(Results(experiment, await TotalsAsync(id, cancellationToken)));
    }

    /// <summary>Every running experiment, newest first, with its results.</summary>
    public async Task<PricingResult<IReadOnlyList<RunningExperiment>>> RunningAsync(CancellationToken cancellationToken = default)
    {
        var running = new List<RunningExperiment>();
        foreach (var experiment in await RunningExperimentsAsync(cancellationToken))
        {
            running.Add(new RunningExperiment(experiment, Results(experiment, await TotalsAsync(experiment.Id, cancellationToken))));
        }

        return PricingResult<IReadOnlyList<RunningExperiment>>.Ok([.. running.OrderByDescending(r => r.Experiment.CreatedAt).ThenBy(r => r.Experiment.Id, StringComparer.Ordinal)]);
    }

    async Task<IReadOnlyDictionary<string, VariantTotals>> TotalsAsync(string id, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<string, VariantTotals>(StringComparer.Ordinal);
        await foreach (var variant in _totals.AllAsync(id, cancellationToken: cancellationToken))
        {
            totals[variant.Variant] = variant.Totals;
        }

        return totals;
    }

    Task<IReadOnlyList<PriceExperiment>> RunningExperimentsAsync(CancellationToken cancellationToken) => RunningIn(_experiments, cancellationToken);

    /// <summary>The running experiments in <paramref name="experiments"/> (the pricing container of experiments).</summary>
    internal static async Task<IReadOnlyList<PriceExperiment>> RunningIn(IDocumentContainer<PriceExperiment> experiments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiments);
        var running = new List<PriceExperiment>();
        await foreach (var experiment in experiments.AllAsync(PricingContainers.ExperimentsPartition, cancellationToken: cancellationToken))
        {
            if (experiment.Status == ExperimentStatus.Running)
            {
                running.Add(experiment);
            }
        }

        return running;
    }

    /// <summary>The figures of every variant; each non-control variant is tested against the control at α/(variants − 1) (Bonferroni).</summary>
    public static ExperimentResults Results(PriceExperiment experiment, IReadOnlyDictionary<string, VariantTotals> totals)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        ArgumentNullException.ThrowIfNull(totals);
        var control = totals.GetValueOrDefault(experiment.Variants[0].Name) ?? new VariantTotals();
        var alpha = Alpha / (experiment.Variants.Count - 1);
        var variants = experiment.Variants.Select((v, i) =>
        {
            var t = totals.GetValueOrDefault(v.Name) ?? new VariantTotals();
            return new VariantResult(v.Name, v.MultiplierBasisPoints, t.Visitors, ExperimentStatistics.ConversionRate(t), ExperimentStatistics.RevenuePerVisitor(t), ExperimentStatistics.MarginPerVisitor(t), i == 0 ? null : ExperimentStatistics.Compare(control, t, alpha));
        }).ToArray();
        var winners = variants.Skip(1).Where(v => v.AgainstControl is { Significant: true } c && c.RevenuePerVisitorDifference?.Mean > 0).OrderByDescending(v => v.RevenuePerVisitor.Mean).ToArray();
        var leader = winners.Length > 0 ? winners[0].Name : variants.Skip(1).All(v => v.AgainstControl is { Significant: true } c && c.RevenuePerVisitorDifference?.Mean < 0) ? variants[0].Name : null;
        return new ExperimentResults(experiment.Id, experiment.Status, Alpha, "mSPRT (always-valid p-values) on revenue per visitor vs the control; 95 % normal intervals", variants, leader);
    }

    /// <summary>Ends the experiment: every shopper sees the current prices again.</summary>
    public Task<PricingResult<PriceExperiment>> StopAsync(string id, string by, CancellationToken cancellationToken = default)
        => EndAsync(id, by, null, cancellationToken);

    /// <summary>Ends the experiment and proposes the variant's prices for every target SKU (guardrails and the category's approval mode apply).</summary>
    public async Task<PricingResult<PriceExperiment>> RollOutAsync(string id, RolloutInput? input, string by, CancellationToken cancellationToken = default)
    {
        if (!ExperimentInputs.IsId(id))
        {
            return BadId<PriceExperiment>();
        }

        if (await FindAsync(id, cancellationToken) is not { } experiment)
        {
            return NotFound<PriceExperiment>(id);
        }

        if (experiment.Variants.FirstOrDefault(v => string.Equals(v.Name, input?.Variant, StringComparison.Ordinal)) is not { } variant)
        {
            return PricingResult<PriceExperiment>.Invalid("variant", $"One of: {string.Join(", ", experiment.Variants.Select(v => v.Name))}.");
        }

        return await EndAsync(id, by, variant, cancellationToken);
    }

    async Task<PricingResult<PriceExperiment>> EndAsync(string id, string by, ExperimentVariant? winner, CancellationToken cancellationToken)
    {
        if (!ExperimentInputs.IsId(id))
        {
            return BadId<PriceExperiment>();
        }

        if (await FindAsync(id, cancellationToken) is not { } experiment)
        {
            return NotFound<PriceExperiment>(id);
        }

        if (experiment.Status != ExperimentStatus.Running)
        {
            return PricingResult<PriceExperiment>.Ok(experiment);
        }

        var ended = experiment with { Status = winner is null ? ExperimentStatus.Stopped : ExperimentStatus.RolledOut, Winner = winner?.Name, EndedBy = by };
        await _experiments.UpsertAsync(id, PricingContainers.ExperimentsPartition, ended, cancellationToken: cancellationToken);
        await _live.DeleteAsync(id, LivePriceExperiment.Partition, cancellationToken: cancellationToken);
        await ReleaseAsync(experiment.TargetKeys, cancellationToken);
        if (winner is not null && winner.MultiplierBasisPoints != 10_000)
        {
            await foreach (var sku in TargetSkusAsync(experiment, cancellationToken))
            {
                await ProposeVariantAsync(experiment, winner, sku, by, cancellationToken);
            }
        }

        return PricingResult<PriceExperiment>.Ok(ended);
    }

    /// <summary>What the storefront reads of a started experiment: its variants, targets (with the products of its SKUs) and window.</summary>
    async Task<LivePriceExperiment> LiveAsync(PriceExperiment experiment, CancellationToken cancellationToken)
    {
        var products = new List<string>();
        foreach (var sku in experiment.Skus)
        {
            if ((await _catalog.ReadAsync(sku, sku, cancellationToken))?.Value.ProductId is { } product && !products.Contains(product, StringComparer.Ordinal))
            {
                products.Add(product);
            }
        }

        return new LivePriceExperiment
        {
            Id = experiment.Id,
            Variants = [.. experiment.Variants.Select(v => new LivePriceVariant(v.Name, v.MultiplierBasisPoints, v.Weight))],
            Skus = experiment.Skus,
            Categories = experiment.Categories,
            ProductIds = products,
            StartAt = experiment.StartAt,
            StopAt = experiment.StopAt,
        };
    }

    async Task ProposeVariantAsync(PriceExperiment experiment, ExperimentVariant winner, string sku, string by, CancellationToken cancellationToken)
    {
        if ((await _catalog.ReadAsync(sku, sku, cancellationToken))?.Value is not { } snapshot)
        {
            return;
        }

        foreach (var currency in snapshot.Prices.Keys)
        {
            if (await pricing.SituationAsync(sku, currency, cancellationToken) is { } situation)
            {
                var price = VariantPrice(situation.Situation.Current, winner);
                await pricing.ProposeAsync(sku, new ProposalInput(currency, price.Minor, $"Experiment {experiment.Name} ({experiment.Id}) rolled out variant {winner.Name}."), by, cancellationToken);
            }
        }
    }

    async IAsyncEnumerable<string> TargetSkusAsync(PriceExperiment experiment, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var sku in experiment.Skus)
        {
            yield return sku;
        }

        foreach (var category in experiment.Categories)
        {
            await foreach (var entry in _categorySkus.AllAsync(category, cancellationToken: cancellationToken))
            {
                yield return entry.Sku;
            }
        }
    }

    /// <summary>A running experiment that holds one of the new one's SKUs through its category, or a category one of whose SKUs the new one names.</summary>
    async Task<PriceRefusal?> OverlapAsync(PriceExperiment experiment, CancellationToken cancellationToken)
    {
        foreach (var other in await RunningExperimentsAsync(cancellationToken))
        {
            var shared = other.Skus.Intersect(experiment.Skus, StringComparer.Ordinal).Concat(other.Categories.Intersect(experiment.Categories, StringComparer.Ordinal)).ToArray();
            shared = [.. shared, .. await CrossAsync(experiment.Skus, other.Categories, cancellationToken), .. await CrossAsync(other.Skus, experiment.Categories, cancellationToken)];
            if (shared.Length > 0)
            {
                return new PriceRefusal(OverlapRule, $"Experiment '{other.Name}' ({other.Id}) already runs on {string.Join(", ", shared)}.");
            }
        }

        return null;
    }

    /// <summary>The SKUs of <paramref name="skus"/> whose catalog category is one of <paramref name="categories"/>.</summary>
    async Task<IReadOnlyList<string>> CrossAsync(IReadOnlyList<string> skus, IReadOnlyList<string> categories, CancellationToken cancellationToken)
    {
        var found = new List<string>();
        if (categories.Count == 0)
        {
            return found;
        }

        foreach (var sku in skus)
        {
            if ((await _catalog.ReadAsync(sku, sku, cancellationToken))?.Value.CategoryId is { } category && categories.Contains(category, StringComparer.Ordinal))
            {
                found.Add(sku);
            }
        }

        return found;
    }

    async Task ReleaseAsync(IEnumerable<string> keys, CancellationToken cancellationToken)
    {
        foreach (var key in keys)
        {
            await _claims.DeleteAsync(ClaimId, key, cancellationToken: cancellationToken);
        }
    }

    async Task<PriceExperiment?> FindAsync(string id, CancellationToken cancellationToken)
        => ExperimentInputs.IsId(id) ? (await _experiments.ReadAsync(id, PricingContainers.ExperimentsPartition, cancellationToken))?.Value : null;

    static PricingResult<T> BadId<T>() => PricingResult<T>.Invalid("id", "An experiment id is 32 lower-case hexadecimal digits.");

    static PricingResult<T> NotFound<T>(string id) => PricingResult<T>.NotFound($"No experiment '{id}'.");
}
