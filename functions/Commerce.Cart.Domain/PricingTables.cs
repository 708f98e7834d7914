using Commerce.Contracts;

namespace Commerce.Cart.Domain;

/// <summary>The tax and shipping tables of <see cref="CartOptions"/> (or the defaults), looked up by destination.</summary>
public sealed class PricingTables(CartOptions options)
{
    readonly IReadOnlyList<TaxJurisdiction> tax = options.Tax.Count > 0 ? options.Tax : CartDefaults.TaxJurisdictions;
    readonly IReadOnlyList<ShippingZone> zones = options.ShippingZones.Count > 0 ? options.ShippingZones : CartDefaults.ShippingZones;
    readonly IReadOnlyDictionary<string, long> thresholds = options.FreeShippingThresholds.Count > 0 ? options.FreeShippingThresholds : CartDefaults.FreeShippingThresholds;

    public CartLimits Limits { get; } = options.Limits;

    /// <summary>The region's jurisdiction when one is configured, else the country's; null when the country is not configured.</summary>
    public TaxJurisdiction? Jurisdiction(ShippingDestination destination)
        => tax.FirstOrDefault(j => Same(j.Country, destination.Country) && j.Region is not null && Same(j.Region, destination.Region))
            ?? tax.FirstOrDefault(j => Same(j.Country, destination.Country) && j.Region is null);

    public ShippingZone? Zone(string country) => zones.FirstOrDefault(z => z.Countries.Any(c => Same(c, country)));

    /// <summary>Shipping price of a parcel, or null when the zone has no band for the weight or no price in the currency.</summary>
    public long? ShippingPrice(ShippingZone zone, int weightGrams, string currency)
    {
        var band = zone.Bands.OrderBy(b => b.MaxWeightGrams).FirstOrDefault(b => weightGrams <= b.MaxWeightGrams);
        return band is not null && band.Prices.TryGetValue(currency, out var price) ? price : null;
    }

    public Money? FreeShippingThreshold(string currency) => thresholds.TryGetValue(currency, out var minor) ? new Money(minor, currency) : null;

    static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}
