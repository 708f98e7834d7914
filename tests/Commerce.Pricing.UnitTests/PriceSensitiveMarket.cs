using Commerce.Contracts;
using Commerce.Documents;
using Commerce.Pricing.Domain;

namespace Commerce.Pricing.UnitTests;

/// <summary>
/// Price-sensitive shoppers with a known elasticity per category (each SKU's own within ±15 % of it, so a category
/// model is never exactly right): a SKU-day brings Poisson(views) views (30 % more at weekends) and
/// Poisson(views · conversion · (price / list price)^elasticity) units. <see cref="SeedAsync"/> writes
/// the catalog, stock, costs and guardrails, and a history in which the price moved weekly (past promotions and
/// markups, 0.8-1.25 × list) before returning to the list price, with the demand analytics would have published.
/// </summary>
public sealed class PriceSensitiveMarket
{
    public const string Currency = "USD";
    public const long MinMarginBasisPoints = 500;
    public const double WeekendLift = 1.3;

    public sealed record Product(string Sku, string CategoryId, long Cost, long ListPrice, double Views, double Conversion, double Elasticity)
    {
        public long Floor => Guardrails.Floor(Money.Of(Cost, Currency), MinMarginBasisPoints).Minor;

        public long Ceiling => 3 * Cost;

        /// <summary>Expected units a day at <paramref name="price"/>, averaged over the week.</summary>
        public double ExpectedUnits(long price) => Views * ((5 + (2 * WeekendLift)) / 7) * Conversion * Math.Pow((double)price / ListPrice, Elasticity);

        public double ExpectedMargin(long price) => ExpectedUnits(price) * (price - Cost);

        /// <summary>The margin-maximizing price from the true elasticity, within floor and ceiling.</summary>
        public long OraclePrice => Math.Clamp((long)Math.Round(Cost * Elasticity / (1 + Elasticity)), Floor, Ceiling);
    }

    public IReadOnlyList<Product> Products { get; }

    readonly Random random;

    public PriceSensitiveMarket(int seed, IReadOnlyDictionary<string, double> elasticities, int skusPerCategory)
    {
        ArgumentNullException.ThrowIfNull(elasticities);
        random = new Random(seed);
        Products = [.. elasticities.SelectMany(category => Enumerable.Range(0, skusPerCategory).Select(i =>
        {
            var cost = random.NextInt64(500, 3_000);
            return new Product($"{category.Key}-{i:D3}", category.Key, cost, (long)(cost * (1.4 + (0.8 * random.NextDouble()))), 50 + (350 * random.NextDouble()), 0.02 + (0.04 * random.NextDouble()), category.Value * (0.85 + (0.3 * random.NextDouble())));
        }))];
    }

    /// <summary>Writes everything the pricing run reads, with <paramref name="days"/> days of history up to yesterday (UTC), in <paramref name="mode"/>.</summary>
    public async Task SeedAsync(IDocumentStore store, int days, ApprovalMode mode, CancellationToken cancellationToken)
    {
        var today = await SeedCategoriesAsync(store, mode, cancellationToken);
        foreach (var product in Products)
        {
            await SeedProductAsync(store, product, random, today.AddDays(-days), today, cancellationToken);
        }
    }

    /// <summary>
    /// As <see cref="SeedAsync"/>, <paramref name="parallelism"/> products at a time, each product's history drawn from
    /// its own generator (seeded from the market's seed and the product's position), for markets too big to seed one
    /// document at a time (benchmarks).
    /// </summary>
    public async Task SeedConcurrentlyAsync(IDocumentStore store, int days, ApprovalMode mode, int parallelism, CancellationToken cancellationToken)
    {
        var today = await SeedCategoriesAsync(store, mode, cancellationToken);
        var seeds = Products.Select(_ => random.Next()).ToArray();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, Products.Count),
            new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            (i, ct) => new ValueTask(SeedProductAsync(store, Products[i], new Random(seeds[i]), today.AddDays(-days), today, ct)));
    }

    async Task<DateOnly> SeedCategoriesAsync(IDocumentStore store, ApprovalMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        foreach (var categoryId in Products.Select(p => p.CategoryId).Distinct())
        {
            await store.Container<CategoryPricing>(PricingContainers.Categories).UpsertAsync(categoryId, PricingContainers.CategoriesPartition, new CategoryPricing
            {
                CategoryId = categoryId,
                Guardrail = new Guardrail { MinMarginBasisPoints = MinMarginBasisPoints },
                Mode = mode,
                UpdatedBy = "evaluation",
            }, cancellationToken: cancellationToken);
        }

        return today;
    }

    static async Task SeedProductAsync(IDocumentStore store, Product product, Random random, DateOnly from, DateOnly today, CancellationToken cancellationToken)
    {
        var sku = product.Sku;
        var productId = "P-" + sku;
        await store.Container<SkuSnapshot>(SkuSnapshot.Container).UpsertAsync(sku, sku, new SkuSnapshot
        {
            Sku = sku,
            ProductId = productId,
            Name = sku,
            CategoryId = product.CategoryId,
            Status = SkuStatus.Active,
            Prices = new Dictionary<string, long> { [Currency] = product.ListPrice },
        }, cancellationToken: cancellationToken);
        await store.Container<SkuInventory>(SkuInventory.Container).UpsertAsync(sku, sku, new SkuInventory { Sku = sku, Warehouses = [new WarehouseStock("wh-1", 100_000, 0)] }, cancellationToken: cancellationToken);
        await store.Container<SkuPricing>(PricingContainers.Skus).UpsertAsync(sku, sku, new SkuPricing
        {
            Sku = sku,
            Costs = new Dictionary<string, long> { [Currency] = product.Cost },
            Guardrail = new Guardrail { MinMarginBasisPoints = MinMarginBasisPoints, Ceilings = new Dictionary<string, long> { [Currency] = product.Ceiling } },
            UpdatedBy = "evaluation",
        }, cancellationToken: cancellationToken);
        await store.Container<CategorySku>(PricingContainers.CategorySkus).UpsertAsync(sku, product.CategoryId, new CategorySku(sku, product.CategoryId), cancellationToken: cancellationToken);

        var changes = store.Container<PriceChange>(PricingContainers.Changes);
        var demand = store.Container<ProductDemandDay>(ProductDemandDay.Container);
        var price = product.ListPrice;
        for (var day = from; day < today; day = day.AddDays(1))
        {
            var week = day.DayNumber - from.DayNumber;
            if (week % 7 == 0)
            {
                // Weekly moves, back to the list price for the last week, so "now" is the list price.
                var next = day.AddDays(7) >= today ? product.ListPrice : Math.Clamp((long)(product.ListPrice * (0.8 + (0.45 * random.NextDouble()))), product.Floor, product.Ceiling);
                var change = new PriceChange
                {
                    Id = Guid.NewGuid().ToString("N"),
                    Sku = sku,
                    Currency = Currency,
                    OldPrice = price,
                    NewPrice = next,
                    Reason = "history",
                    ChangedBy = "evaluation",
                    At = new DateTimeOffset(day.ToDateTime(new TimeOnly(6, 0)), TimeSpan.Zero),
                };
                await changes.CreateAsync(change.Id, sku, change, cancellationToken: cancellationToken);
                price = next;
            }

            var lift = PriceModelTrainer.IsWeekend(day) ? WeekendLift : 1;
            var views = Poisson(random, product.Views * lift);
            var units = Poisson(random, product.Views * lift * product.Conversion * Math.Pow((double)price / product.ListPrice, product.Elasticity));
            await demand.UpsertAsync(ProductDemandDay.IdOf(day), productId, new ProductDemandDay { ProductId = productId, Day = day, Views = views, Purchases = units }, cancellationToken: cancellationToken);
        }
    }

    /// <summary>Knuth's method for small means, the normal approximation above 30.</summary>
    public static long Poisson(Random random, double mean)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (mean > 30)
        {
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            return Math.Max(0, (long)Math.Round(mean + (Math.Sqrt(mean) * normal)));
        }

        var (limit, product, count) = (Math.Exp(-mean), random.NextDouble(), 0L);
        while (product > limit)
        {
            count++;
            product *= random.NextDouble();
        }

        return count;
    }
}
