using Commerce.Recommendations.Interactions;

namespace Commerce.Demo;

/// <summary>Shape of the demo data (defaults: 2,000 products in 20 categories, 8 taste segments, 60 days).</summary>
public sealed record DemoDataOptions
{
    public int Seed { get; init; } = 42;

    public int Interactions { get; init; } = 100_000;

    public int Products { get; init; } = 2_000;

    public int Categories { get; init; } = 20;

    public int Brands { get; init; } = 60;

    public int Segments { get; init; } = 8;

    /// <summary>Customers; 0 means one per 40 interactions.</summary>
    public int Customers { get; init; }

    public int Days { get; init; } = 60;

    public DateTimeOffset Start { get; init; } = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Composite format of a product id from its index (the dev host maps demo shoppers onto its demo catalog's ids).</summary>
    public string ProductIdFormat { get; init; } = "p-{0:D5}";
}

/// <summary>The generated catalog and interactions (interactions in temporal order).</summary>
public sealed record DemoData(IReadOnlyList<ProductFacts> Products, IReadOnlyList<Interaction> Interactions, IReadOnlyList<string> Customers)
{
    public IReadOnlyDictionary<string, ProductFacts> ProductsById { get; } = Products.ToDictionary(p => p.ProductId, StringComparer.Ordinal);
}

/// <summary>
/// Deterministic demo shoppers with structure worth learning (same options, same data): customers belong to taste
/// segments that favour three categories and a handful of brands; product popularity is Zipf-like within a category;
/// a fifth of the products launch during the period; a session browses one category, sometimes adds to cart and buys;
/// a purchase often brings its complement (a fixed product in the next category) along: "frequently bought together".
/// </summary>
public static class DemoDataGenerator
{
    private static readonly double[] CategoryShares = [0.5, 0.25, 0.15];
    private const double ExploreShare = 0.10;

    public static DemoData Generate(DemoDataOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Products, options.Categories);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Categories, 4);
        var random = new Random(options.Seed);
        int productCount = options.Products, categoryCount = options.Categories;

        // Catalog: category, brand (each brand sells in two categories), popularity, launch day, complement.
        var category = new int[productCount];
        var brand = new int[productCount];
        var popularity = new double[productCount];
        var launchDay = new int[productCount];
        var complement = new int[productCount];
        var byCategory = Enumerable.Range(0, categoryCount).Select(_ => new List<int>()).ToArray();
        for (var p = 0; p < productCount; p++)
        {
            category[p] = p < categoryCount ? p : random.Next(categoryCount);
            var slot = random.Next(Math.Max(1, options.Brands / categoryCount * 2));
            brand[p] = ((category[p] * 7) + slot) % options.Brands;
            launchDay[p] = random.NextDouble() < 0.8 ? 0 : random.Next(options.Days);
            byCategory[category[p]].Add(p);
        }

        foreach (var members in byCategory)
        {
            Shuffle(random, members);
            for (var rank = 0; rank < members.Count; rank++)
            {
                popularity[members[rank]] = 1.0 / Math.Pow(rank + 1, 0.8);
            }
        }

        for (var p = 0; p < productCount; p++)
        {
            var next = byCategory[(category[p] + 1) % categoryCount];
            complement[p] = next[random.Next(Math.Min(next.Count, 15))];
        }

        // Segments: three favourite categories and five favourite brands each.
        var segmentCategories = new int[options.Segments][];
        var segmentBrands = new HashSet<int>[options.Segments];
        for (var s = 0; s < options.Segments; s++)
        {
            var order = Enumerable.Range(0, categoryCount).ToList();
            Shuffle(random, order);
            segmentCategories[s] = [.. order.Take(CategoryShares.Length)];
            segmentBrands[s] = [.. segmentCategories[s].SelectMany(c => byCategory[c].Select(p => brand[p])).Distinct().OrderBy(b => b).Where(_ => random.NextDouble() < 0.5).Take(5)];
        }

        // Per segment and category: cumulative draw weights (popularity, boosted 4x for the segment's brands).
        var cumulative = new double[options.Segments][][];
        for (var s = 0; s < options.Segments; s++)
        {
            cumulative[s] = new double[categoryCount][];
            for (var c = 0; c < categoryCount; c++)
            {
                var members = byCategory[c];
                var sums = new double[members.Count];
                double total = 0;
                for (var i = 0; i < members.Count; i++)
                {
                    total += popularity[members[i]] * (segmentBrands[s].Contains(brand[members[i]]) ? 4 : 1);
                    sums[i] = total;
                }

                cumulative[s][c] = sums;
            }
        }

        var customerCount = options.Customers > 0 ? options.Customers : Math.Max(10, options.Interactions / 40);
        var customers = new string[customerCount];
        var customerSegment = new int[customerCount];
        var activity = new double[customerCount];
        double activityTotal = 0;
        for (var u = 0; u < customerCount; u++)
        {
            customers[u] = $"c-{u:D6}";
            customerSegment[u] = random.Next(options.Segments);
            activityTotal += Math.Exp(random.NextDouble() * 2.5); // Long tail of activity: a few heavy shoppers.
            activity[u] = activityTotal;
        }

        var products = new ProductFacts[productCount];
        var productIds = new string[productCount];
        for (var p = 0; p < productCount; p++)
        {
            productIds[p] = string.Format(System.Globalization.CultureInfo.InvariantCulture, options.ProductIdFormat, p);
            products[p] = new ProductFacts(productIds[p], $"category-{category[p]:D2}", $"brand-{brand[p]:D3}");
        }

        var interactions = new List<Interaction>(options.Interactions + 16);
        var periodSeconds = options.Days * 86_400.0;
        while (interactions.Count < options.Interactions)
        {
            var u = Array.BinarySearch(activity, random.NextDouble() * activityTotal);
            u = u < 0 ? Math.Min(~u, customerCount - 1) : u;
            var segment = customerSegment[u];
            var at = options.Start.AddSeconds(random.NextDouble() * periodSeconds);
            var day = (int)((at - options.Start).TotalDays);
            var pick = random.NextDouble();
            var sessionCategory = PickCategory(random, segmentCategories[segment], categoryCount, pick);
            var views = 2 + random.Next(7);
            for (var v = 0; v < views; v++)
            {
                var p = Draw(random, byCategory[sessionCategory], cumulative[segment][sessionCategory], launchDay, day);
                at = at.AddSeconds(20 + random.Next(100));
                interactions.Add(new Interaction(customers[u], productIds[p], InteractionKind.View, at));
                if (random.NextDouble() >= 0.2)
                {
                    continue;
                }

                at = at.AddSeconds(10 + random.Next(60));
                interactions.Add(new Interaction(customers[u], productIds[p], InteractionKind.AddToCart, at));
                if (random.NextDouble() >= 0.5)
                {
                    continue;
                }

                at = at.AddSeconds(60 + random.Next(300));
                interactions.Add(new Interaction(customers[u], productIds[p], InteractionKind.Purchase, at));
                if (random.NextDouble() < 0.4 && launchDay[complement[p]] <= day)
                {
                    interactions.Add(new Interaction(customers[u], productIds[complement[p]], InteractionKind.View, at.AddSeconds(5)));
                    interactions.Add(new Interaction(customers[u], productIds[complement[p]], InteractionKind.Purchase, at.AddSeconds(30)));
                }
            }
        }

        interactions.Sort(static (a, b) => a.Timestamp.CompareTo(b.Timestamp)); // Introsort is deterministic for the same input.
        return new DemoData(products, interactions, customers);
    }

    private static int PickCategory(Random random, int[] favourites, int categoryCount, double pick)
    {
        double edge = 0;
        for (var i = 0; i < favourites.Length; i++)
        {
            edge += CategoryShares[i] * (1 - ExploreShare) / CategoryShares.Sum();
            if (pick < edge)
            {
                return favourites[i];
            }
        }

        return random.Next(categoryCount);
    }

    private static int Draw(Random random, List<int> members, double[] cumulative, int[] launchDay, int day)
    {
        var p = members[0];
        for (var attempt = 0; attempt < 8; attempt++)
        {
            var i = Array.BinarySearch(cumulative, random.NextDouble() * cumulative[^1]);
            p = members[i < 0 ? Math.Min(~i, members.Count - 1) : i];
            if (launchDay[p] <= day)
            {
                return p;
            }
        }

        return p;
    }

    private static void Shuffle<T>(Random random, List<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
