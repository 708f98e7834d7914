using System.Security.Cryptography;
using System.Text;

namespace Commerce.Contracts;

/// <summary>
/// A price experiment shoppers see while it runs: container <see cref="Container"/>, partition <see cref="Partition"/>,
/// id = the experiment id. Written only by the pricing context when an experiment starts, deleted when it stops or is
/// rolled out; the catalog (product pages, listings, search) and the cart (and so checkout) read it and show each
/// shopper their variant's price between <see cref="StartAt"/> and <see cref="StopAt"/>.
/// </summary>
public sealed record LivePriceExperiment
{
    public const string Container = "live-price-experiments";
    public const string Partition = "live";

    public required string Id { get; init; }

    /// <summary>The variants in order (the first is the control); their weights add up to 100.</summary>
    public required IReadOnlyList<LivePriceVariant> Variants { get; init; }

    public IReadOnlyList<string> Skus { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>The products of <see cref="Skus"/> (so a listing or search hit, which names products, knows it is in the experiment).</summary>
    public IReadOnlyList<string> ProductIds { get; init; } = [];

    public DateTimeOffset StartAt { get; init; }

    public DateTimeOffset? StopAt { get; init; }

    /// <summary>Whether shoppers see the experiment at <paramref name="now"/>.</summary>
    public bool IsLive(DateTimeOffset now) => now >= StartAt && (StopAt is not { } stop || now < stop);

    /// <summary>Whether the SKU (of a product in <paramref name="categoryId"/>) is priced by this experiment.</summary>
    public bool Targets(string sku, string? categoryId)
        => Skus.Contains(sku, StringComparer.Ordinal) || (categoryId is not null && Categories.Contains(categoryId, StringComparer.Ordinal));

    /// <summary>Whether any SKU of the product is priced by this experiment.</summary>
    public bool TargetsProduct(string productId, string? categoryId)
        => ProductIds.Contains(productId, StringComparer.Ordinal) || (categoryId is not null && Categories.Contains(categoryId, StringComparer.Ordinal));

    /// <summary>
    /// The variant a shopper (customer or session id) sees: a SHA-256 of experiment and shopper picks a bucket of
    /// 10,000, and the variants' weights (percentages) split the buckets in order. The same shopper always gets the same
    /// variant, in every app that reads this document.
    /// </summary>
    public static int Assign(string experimentId, string shopperId, IReadOnlyList<int> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(experimentId + "\n" + shopperId), hash);
        var bucket = (int)(BitConverter.ToUInt64(hash) % 10_000);
        var upTo = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            upTo += weights[i] * 100;
            if (bucket < upTo)
            {
                return i;
            }
        }

        return weights.Count - 1;
    }

    public LivePriceVariant VariantOf(string shopperId) => Variants[Assign(Id, shopperId, [.. Variants.Select(v => v.Weight)])];
}

/// <summary>One arm of a <see cref="LivePriceExperiment"/>: prices × <see cref="MultiplierBasisPoints"/>/10,000; <see cref="Weight"/> % of the shoppers.</summary>
public sealed record LivePriceVariant(string Name, long MultiplierBasisPoints, int Weight)
{
    /// <summary>A price under a multiplier, rounded to the minor unit half away from zero.</summary>
    public static long Price(long minor, long multiplierBasisPoints)
        => (long)Math.Round(minor * multiplierBasisPoints / 10_000.0, MidpointRounding.AwayFromZero);

    public long PriceOf(long minor) => Price(minor, MultiplierBasisPoints);

    /// <summary>Whether this variant shows the usual prices (a control at × 1).</summary>
    public bool KeepsPrices => MultiplierBasisPoints == 10_000;
}

/// <summary>The experiment and variant a shopper sees on one product or SKU.</summary>
public sealed record ExperimentArm(string ExperimentId, LivePriceVariant Variant)
{
    /// <summary>Names the arm in cache keys and entity tags (experiment ids are hex, variant names letters, digits, '_' and '-').</summary>
    public string Key => ExperimentId + "." + Variant.Name;
}

/// <summary>How a shopper is known to price experiments: the signed-in customer's id, else the storefront's session id header.</summary>
public static class ExperimentShoppers
{
    /// <summary>The storefront's session id (the one its clickstream events carry), sent by a shopper who is not signed in.</summary>
    public const string SessionHeader = "X-Session-Id";

    public const int MaxSessionIdLength = 64;

    /// <summary>The shopper id: the customer when signed in, else a well-formed session id, else null (no experiment applies).</summary>
    public static string? Of(string? customerId, string? sessionHeader)
        => customerId is { Length: > 0 } ? "customer:" + customerId
            : sessionHeader is { Length: > 0 and <= MaxSessionIdLength } s && !s.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) ? "session:" + s
            : null;
}

/// <summary>
/// The running experiments as one app sees them, reloaded at most every <c>lifetime</c> (a stopped experiment leaves the
/// storefront within it): the one reader the catalog and the cart share. <paramref name="page"/> reads one page of the
/// container's <see cref="Partition"/> from a continuation (null: the first) and returns the next one (null: the last).
/// </summary>
public sealed class LivePriceExperiments(Func<string?, CancellationToken, Task<(IReadOnlyList<LivePriceExperiment> Items, string? Next)>> page, TimeProvider clock, TimeSpan lifetime)
{
    /// <summary>The setting (a time span) for how long an app reuses what it read; <see cref="DefaultLifetime"/> when absent.</summary>
    public const string LifetimeSetting = "PriceExperiments:Lifetime";

    public const string Partition = LivePriceExperiment.Partition;

    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(5);

    readonly SemaphoreSlim _gate = new(1, 1);
    volatile Loaded? _loaded;

    /// <summary>The experiments live now (none: the usual prices for everyone), as read within the lifetime.</summary>
    public ValueTask<IReadOnlyList<LivePriceExperiment>> LiveAsync(CancellationToken cancellationToken = default)
        => LiveAsync(lifetime, cancellationToken);

    /// <summary>
    /// The experiments live now, read from the store now (one read, shared with concurrent callers): for checkout, whose
    /// charge must not depend on when this app last read them while the storefront's apps may have read them since.
    /// </summary>
    public ValueTask<IReadOnlyList<LivePriceExperiment>> LatestAsync(CancellationToken cancellationToken = default)
        => LiveAsync(TimeSpan.Zero, cancellationToken);

    async ValueTask<IReadOnlyList<LivePriceExperiment>> LiveAsync(TimeSpan maxAge, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var loaded = _loaded;
        if (loaded is null || now - loaded.At >= maxAge)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                // A read that started after this call did (by a caller ahead of it at the gate) is fresh enough.
                loaded = _loaded;
                if (loaded is null || (maxAge > TimeSpan.Zero ? now - loaded.At >= maxAge : loaded.At <= now))
                {
                    loaded = _loaded = new Loaded(clock.GetUtcNow(), await LoadAsync(cancellationToken));
                }
            }
            finally
            {
                _gate.Release();
            }
        }

        return loaded.Experiments.Count == 0 ? [] : [.. loaded.Experiments.Where(e => e.IsLive(now))];
    }

    /// <summary>The arm <paramref name="shopperId"/> sees on <paramref name="sku"/> of a product in <paramref name="categoryId"/>; null outside every live experiment.</summary>
    public static ExperimentArm? ArmFor(IReadOnlyList<LivePriceExperiment> live, string? shopperId, string sku, string? categoryId)
    {
        ArgumentNullException.ThrowIfNull(live);
        if (shopperId is null)
        {
            return null;
        }

        foreach (var experiment in live)
        {
            if (experiment.Targets(sku, categoryId))
            {
                return new ExperimentArm(experiment.Id, experiment.VariantOf(shopperId));
            }
        }

        return null;
    }

    /// <summary>The snapshots with each SKU in a live experiment priced at the shopper's variant (every currency).</summary>
    public static IReadOnlyDictionary<string, SkuSnapshot> Reprice(IReadOnlyDictionary<string, SkuSnapshot> skus, IReadOnlyList<LivePriceExperiment> live, string? shopperId)
    {
        ArgumentNullException.ThrowIfNull(skus);
        ArgumentNullException.ThrowIfNull(live);
        if (live.Count == 0 || shopperId is null)
        {
            return skus;
        }

        return skus.ToDictionary(s => s.Key, s => ArmFor(live, shopperId, s.Value.Sku, s.Value.CategoryId) is { } arm
            ? s.Value with { Prices = s.Value.Prices.ToDictionary(p => p.Key, p => arm.Variant.PriceOf(p.Value), StringComparer.Ordinal) }
            : s.Value, StringComparer.Ordinal);
    }

    async Task<IReadOnlyList<LivePriceExperiment>> LoadAsync(CancellationToken cancellationToken)
    {
        var all = new List<LivePriceExperiment>();
        string? next = null;
        do
        {
            (var items, next) = await page(next, cancellationToken);
            all.AddRange(items);
        }
        while (next is not null);

        return all;
    }

    sealed record Loaded(DateTimeOffset At, IReadOnlyList<LivePriceExperiment> Experiments);
}
