using System.ComponentModel.DataAnnotations;

namespace Commerce.Cart.Domain;

/// <summary>Settings of the cart app (section <c>Cart</c>). Tax and shipping tables fall back to <see cref="CartDefaults"/> when not configured.</summary>
public sealed class CartOptions
{
    public const string Section = "Cart";

    /// <summary>Currency of a cart created without one.</summary>
    [Required]
    public string DefaultCurrency { get; set; } = "EUR";

    /// <summary>How long an untouched guest cart lives (every write restarts the clock); then it is gone.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan GuestCartTimeToLive { get; set; } = TimeSpan.FromDays(30);

    public CartLimits Limits { get; set; } = new();

    /// <summary>Tax jurisdictions; empty: <see cref="CartDefaults.TaxJurisdictions"/>.</summary>
    public List<TaxJurisdiction> Tax { get; set; } = [];

    /// <summary>Shipping zones; empty: <see cref="CartDefaults.ShippingZones"/>.</summary>
    public List<ShippingZone> ShippingZones { get; set; } = [];

    /// <summary>Discounted subtotal (minor units) per currency from which shipping is free; empty: <see cref="CartDefaults.FreeShippingThresholds"/>.</summary>
    public Dictionary<string, long> FreeShippingThresholds { get; set; } = [];

    /// <summary>Write <see cref="CartDefaults.Promotions"/> to the promotions container at start when they are missing.</summary>
    public bool SeedPromotions { get; set; } = true;
}

/// <summary>Quantity limits per line and per cart.</summary>
public sealed class CartLimits
{
    [Range(1, 10_000)]
    public int MaxQuantityPerLine { get; set; } = 10;

    [Range(1, 100_000)]
    public int MaxQuantityPerCart { get; set; } = 50;

    [Range(1, 1_000)]
    public int MaxLines { get; set; } = 30;

    [Range(1, 10)]
    public int MaxPromotionCodes { get; set; } = 3;
}

/// <summary>
/// Tax rates of a country or of one region of it (a region entry wins over its country's). Rates are basis points per
/// tax class (1,900 = 19 %). <see cref="PricesIncludeTax"/>: EU style, catalog prices are gross and the tax is the part
/// of them; otherwise US style, tax is added on top.
/// </summary>
public sealed class TaxJurisdiction
{
    [Required]
    public string Country { get; set; } = "";

    public string? Region { get; set; }

    public bool PricesIncludeTax { get; set; }

    public Dictionary<string, int> Rates { get; set; } = [];

    /// <summary>The tax class shipping is taxed with (null: shipping is not taxed).</summary>
    public string? ShippingTaxClass { get; set; } = "standard";
}

/// <summary>A shipping zone: the countries it covers and its price bands by cart weight.</summary>
public sealed class ShippingZone
{
    [Required]
    public string Name { get; set; } = "";

    public List<string> Countries { get; set; } = [];

    /// <summary>Bands in ascending <see cref="ShippingBand.MaxWeightGrams"/>; the first that fits prices the parcel.</summary>
    public List<ShippingBand> Bands { get; set; } = [];
}

/// <summary>Up to <see cref="MaxWeightGrams"/>, shipping costs <see cref="Prices"/> (minor units per currency).</summary>
public sealed class ShippingBand
{
    public int MaxWeightGrams { get; set; }

    public Dictionary<string, long> Prices { get; set; } = [];
}
