namespace Commerce.Cart.Domain;

/// <summary>
/// The tables a cart app runs with when configuration gives none (the dev host, tests), and the seed promotions.
/// Rates are basis points. EU countries price tax-inclusive; US states add sales tax on top.
/// </summary>
public static class CartDefaults
{
    public static IReadOnlyList<TaxJurisdiction> TaxJurisdictions { get; } =
    [
        Inclusive("DE", 1900, 700),
        Inclusive("FR", 2000, 550),
        Inclusive("NL", 2100, 900),
        Inclusive("AT", 2000, 1000),
        Inclusive("GB", 2000, 0),
        new() { Country = "US", PricesIncludeTax = false, Rates = new() { ["standard"] = 0, ["reduced"] = 0 }, ShippingTaxClass = null },
        new() { Country = "US", Region = "CA", PricesIncludeTax = false, Rates = new() { ["standard"] = 725, ["reduced"] = 0 }, ShippingTaxClass = null },
        new() { Country = "US", Region = "NY", PricesIncludeTax = false, Rates = new() { ["standard"] = 400, ["reduced"] = 0 }, ShippingTaxClass = "standard" },
    ];

    public static IReadOnlyList<ShippingZone> ShippingZones { get; } =
    [
        new()
        {
            Name = "eu",
            Countries = ["DE", "FR", "NL", "AT", "BE", "IT", "ES"],
            Bands =
            [
                new() { MaxWeightGrams = 2_000, Prices = new() { ["EUR"] = 590, ["USD"] = 690, ["GBP"] = 550 } },
                new() { MaxWeightGrams = 10_000, Prices = new() { ["EUR"] = 990, ["USD"] = 1_150, ["GBP"] = 890 } },
                new() { MaxWeightGrams = 30_000, Prices = new() { ["EUR"] = 1_990, ["USD"] = 2_290, ["GBP"] = 1_790 } },
            ],
        },
        new()
        {
            Name = "uk",
            Countries = ["GB"],
            Bands = [new() { MaxWeightGrams = 30_000, Prices = new() { ["GBP"] = 495, ["EUR"] = 590 } }],
        },
        new()
        {
            Name = "us",
            Countries = ["US"],
            Bands =
            [
                new() { MaxWeightGrams = 2_000, Prices = new() { ["USD"] = 799, ["EUR"] = 749 } },
                new() { MaxWeightGrams = 30_000, Prices = new() { ["USD"] = 1_499, ["EUR"] = 1_399 } },
            ],
        },
    ];

    public static IReadOnlyDictionary<string, long> FreeShippingThresholds { get; } = new Dictionary<string, long>
    {
        ["EUR"] = 15_000, ["USD"] = 15_000, ["GBP"] = 12_000,
    };

    public static IReadOnlyList<Promotion> Promotions { get; } =
    [
        new() { Code = "SAVE10", Kind = PromotionKind.PercentOff, PercentBasisPoints = 1_000, Description = "10 % off everything; does not combine with other discounts." },
        new() { Code = "TAKE5", Kind = PromotionKind.AmountOff, AmountOff = new Dictionary<string, long> { ["EUR"] = 500, ["USD"] = 500, ["GBP"] = 400 }, MinimumSubtotal = new Dictionary<string, long> { ["EUR"] = 5_000, ["USD"] = 5_000, ["GBP"] = 4_000 }, Stackable = true, Description = "5 off orders of 50 or more; combines." },
        new() { Code = "SHIPFREE", Kind = PromotionKind.FreeShipping, Description = "Free shipping." },
        new() { Code = "3FOR2", Kind = PromotionKind.BuyXGetY, BuyQuantity = 2, GetQuantity = 1, Description = "Buy two, get the cheapest third free." },
        new() { Code = "WELCOME15", Kind = PromotionKind.PercentOff, PercentBasisPoints = 1_500, MaxUsesPerCustomer = 1, Stackable = true, Description = "15 % off, once per customer; combines." },
    ];

    static TaxJurisdiction Inclusive(string country, int standard, int reduced)
        => new() { Country = country, PricesIncludeTax = true, Rates = new() { ["standard"] = standard, ["reduced"] = reduced } };
}
