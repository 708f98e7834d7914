using System.Globalization;
using Commerce.Catalog.Domain;
using Commerce.Contracts;

namespace Commerce.Demo;

/// <summary>A deterministic demo catalog: a two-level category tree, brands, and products with colour × size variants priced in USD and EUR.</summary>
public static class DemoCatalog
{
    static readonly (string Id, string Name, string[] Children)[] Tree =
    [
        ("women", "Women", ["women-dresses", "women-tops", "women-knitwear", "women-jeans", "women-shoes"]),
        ("men", "Men", ["men-shirts", "men-knitwear", "men-trousers", "men-jackets", "men-shoes"]),
        ("kids", "Kids", ["kids-tops", "kids-trousers", "kids-shoes"]),
        ("accessories", "Accessories", ["accessories-bags", "accessories-scarves", "accessories-hats"]),
    ];

    static readonly string[] Brands =
    [
        "Northwind", "Contoso", "Fabrikam", "Tailspin", "Woodgrove", "Adatum", "Litware", "Proseware", "Lucerne", "Wingtip",
        "Alpine Ski", "Blue Yonder", "Coho", "Fourth Coffee", "Humongous", "Margie", "Nod", "Southridge", "Trey", "Wide World",
    ];

    static readonly string[] Adjectives = ["Classic", "Relaxed", "Slim", "Oversized", "Cropped", "Organic", "Vintage", "Essential", "Tailored", "Lightweight", "Quilted", "Striped"];
    static readonly string[] Materials = ["Cotton", "Linen", "Merino", "Cashmere", "Denim", "Leather", "Wool", "Silk", "Canvas", "Corduroy"];
    static readonly string[] Colors = ["black", "white", "navy", "grey", "beige", "olive", "burgundy", "red", "blue", "green"];
    static readonly string[] Sizes = ["XS", "S", "M", "L", "XL"];

    static readonly Dictionary<string, string[]> Nouns = new(StringComparer.Ordinal)
    {
        ["dresses"] = ["Dress", "Maxi Dress", "Shirt Dress"], ["tops"] = ["T-Shirt", "Blouse", "Tank Top"],
        ["knitwear"] = ["Sweater", "Cardigan", "Jumper"], ["jeans"] = ["Jeans", "Skinny Jeans"], ["shoes"] = ["Sneakers", "Boots", "Loafers"],
        ["shirts"] = ["Shirt", "Oxford Shirt", "Polo"], ["trousers"] = ["Chinos", "Trousers", "Joggers"], ["jackets"] = ["Jacket", "Parka", "Blazer"],
        ["bags"] = ["Tote Bag", "Backpack"], ["scarves"] = ["Scarf"], ["hats"] = ["Beanie", "Cap"],
    };

    public static IReadOnlyList<Category> Categories() =>
    [
        .. Tree.Select((root, i) => new Category { Id = root.Id, Name = root.Name, SortOrder = i }),
        .. Tree.SelectMany(root => root.Children.Select((child, i) => new Category
        {
            Id = child, ParentId = root.Id, SortOrder = i,
            Name = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(child[(root.Id.Length + 1)..]),
        })),
    ];

    /// <summary>Products <paramref name="from"/>..<paramref name="from"/>+<paramref name="count"/> of the catalog of seed <paramref name="seed"/>.</summary>
    public static IEnumerable<ProductInput> Products(int seed, int from, int count)
    {
        var leaves = Tree.SelectMany(root => root.Children).ToArray();
        for (var i = from; i < from + count; i++)
        {
#pragma warning disable CA5394 // Deterministic demo data, not security.
            var random = new Random(unchecked((seed * 1_000_003) + i) & int.MaxValue);
            var category = leaves[random.Next(leaves.Length)];
            var kind = category[(category.IndexOf('-', StringComparison.Ordinal) + 1)..];
            var name = $"{Adjectives[random.Next(Adjectives.Length)]} {Materials[random.Next(Materials.Length)]} {Nouns[kind][random.Next(Nouns[kind].Length)]}";
            var brand = Brands[random.Next(Brands.Length)];
            var usd = (random.Next(10, 400) * 100) - 1;
            var colors = Colors.OrderBy(_ => random.Next()).Take(random.Next(1, 4)).ToArray();
            var sizes = Sizes.Skip(random.Next(0, 2)).Take(random.Next(2, 5)).ToArray();
#pragma warning restore CA5394
            var id = string.Create(CultureInfo.InvariantCulture, $"demo-{i:D6}");
            yield return new ProductInput
            {
                Id = id,
                Name = name,
                Slug = ProductRules.Slugify($"{brand} {name} {i}"),
                Description = $"{name} by {brand}. A {kind} staple in {string.Join(", ", colors)}.",
                Brand = brand,
                CategoryId = category,
                Status = ProductStatus.Active,
                Attributes = new Dictionary<string, string> { ["material"] = name.Split(' ')[1] },
                Variants = [.. colors.SelectMany(color => sizes.Select(size => new VariantInput
                {
                    Sku = string.Create(CultureInfo.InvariantCulture, $"D{i:D6}-{color.ToUpperInvariant()}-{size}"),
                    Options = new Dictionary<string, string> { ["color"] = color, ["size"] = size },
                    Prices = new Dictionary<string, long> { ["USD"] = usd, ["EUR"] = Money.RoundedDivide(usd * 92L, 100) },
                    WeightGrams = 300,
                }))],
            };
        }
    }
}
