using BenchmarkDotNet.Attributes;
using Commerce.Cart.Domain;
using Commerce.Contracts;

namespace Commerce.Benchmarks.Micro;

/// <summary>Re-pricing a cart (the cart app does it on every read and write): without codes (baseline) and with stacked promotions.</summary>
[MemoryDiagnoser]
public class PricingBenchmarks
{
    static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    static readonly string[] Codes = ["TAKE5", "WELCOME15", "SHIPFREE"];

    [Params(3, 20)]
    public int Lines { get; set; }

    readonly PricingTables tables = new(new CartOptions());
    Dictionary<string, SkuSnapshot> skus = [];
    Dictionary<string, long> available = [];
    ShoppingCart plain = null!;
    ShoppingCart promoted = null!;
    List<PromotionLookup> lookups = [];

    [GlobalSetup]
    public void Setup()
    {
        skus = Enumerable.Range(0, Lines).Select(i => new SkuSnapshot
        {
            Sku = $"SKU-{i}",
            ProductId = $"p-{i}",
            Name = $"Product {i}",
            Status = SkuStatus.Active,
            Prices = new Dictionary<string, long> { ["EUR"] = 1_000 + (i * 137), ["USD"] = 1_100 + (i * 151) },
            WeightGrams = 100 + (i * 20),
            TaxClass = i % 4 == 0 ? "reduced" : "standard",
        }).ToDictionary(s => s.Sku);
        available = skus.Keys.ToDictionary(k => k, _ => 100L);
        plain = new ShoppingCart
        {
            Id = "cart-bench",
            Currency = "EUR",
            Lines = [.. skus.Values.Select((s, i) => new CartLine(s.Sku, 1 + (i % 3), s.Prices["EUR"], Now))],
            Destination = new ShippingDestination("DE", null, "10115"),
        };
        promoted = plain with { PromotionCodes = Codes };
        lookups = [.. Codes.Select(c => new PromotionLookup(c, CartDefaults.Promotions.Single(p => p.Code == c), new PromotionUsage(0, 0)))];
    }

    [Benchmark(Baseline = true)]
    public long NoPromotions() => CartPricer.Price(plain, skus, available, [], tables, Now).Total;

    [Benchmark]
    public long WithStackedPromotions() => CartPricer.Price(promoted, skus, available, lookups, tables, Now).Total;
}
