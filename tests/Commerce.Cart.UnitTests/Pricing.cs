namespace Commerce.Cart.UnitTests;

/// <summary>A small catalog and a pricing call with the default tables, for the worked examples.</summary>
internal static class Pricing
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    public static readonly PricingTables Tables = new(new CartOptions());

    /// <summary>T-shirt 19.99 EUR / 20.00 USD, 200 g; jeans 59.90 EUR / 65.00 USD, 700 g; book 12.00 EUR / 13.00 USD, 400 g, reduced rate.</summary>
    public static readonly IReadOnlyDictionary<string, SkuSnapshot> Catalog = new Dictionary<string, SkuSnapshot>
    {
        ["TSHIRT-M"] = Sku("TSHIRT-M", 1999, 2000, 200),
        ["JEANS-32"] = Sku("JEANS-32", 5990, 6500, 700),
        ["BOOK-1"] = Sku("BOOK-1", 1200, 1300, 400, "reduced"),
        ["MUG"] = Sku("MUG", 1005, 1005, 300),
        ["SOCKS"] = Sku("SOCKS", 500, 500, 50),
        ["OLD"] = Sku("OLD", 1000, 1000, 100) with { Status = SkuStatus.Archived },
    };

    public static SkuSnapshot Sku(string sku, long eur, long usd, int grams, string taxClass = "standard") => new()
    {
        Sku = sku,
        ProductId = "p-" + sku,
        Name = sku,
        Status = SkuStatus.Active,
        Prices = new Dictionary<string, long> { ["EUR"] = eur, ["USD"] = usd },
        WeightGrams = grams,
        TaxClass = taxClass,
    };

    public static ShoppingCart Cart(string currency, params (string Sku, int Quantity)[] lines) => new()
    {
        Id = "cart-1",
        Currency = currency,
        Lines = lines.Select(l => new CartLine(l.Sku, l.Quantity, Catalog.TryGetValue(l.Sku, out var s) ? s.Prices[currency] : 0, Now)).ToList(),
    };

    public static ShoppingCart To(this ShoppingCart cart, string country, string? region = null) => cart with { Destination = new ShippingDestination(country, region, null) };

    public static PricedCart Price(ShoppingCart cart, params Promotion[] promotions) => Price(cart, promotions, new PromotionUsage(0, 0));

    public static PricedCart Price(ShoppingCart cart, IEnumerable<Promotion> promotions, PromotionUsage usage, IReadOnlyDictionary<string, long>? stock = null) => CartPricer.Price(
        cart with { PromotionCodes = promotions.Select(p => p.Code).ToList() },
        Catalog,
        stock ?? Catalog.Keys.ToDictionary(k => k, _ => 100L),
        promotions.Select(p => new PromotionLookup(p.Code, p, usage)).ToList(),
        Tables,
        Now);

    public static Promotion Seed(string code) => CartDefaults.Promotions.Single(p => p.Code == code);
}
