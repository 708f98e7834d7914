using Commerce.Contracts;

namespace Commerce.Cart.Domain;

/// <summary>A promotion code as found in the store (null: unknown code) with its usage so far.</summary>
public sealed record PromotionLookup(string Code, Promotion? Promotion, PromotionUsage Usage);

/// <summary>
/// Prices a cart from the catalog as it is now. The rounding rule, stated once: every amount is computed per line in
/// integer minor units and rounded there, half away from zero (<see cref="Money.RoundedDivide"/>): percentage
/// discounts per line, fixed discounts spread over the lines exactly (<see cref="Money.Allocate"/>), tax per line on the
/// discounted line amount and on shipping; order-level figures are plain sums of those rounded line figures, never
/// rounded again. Pure: no I/O, no clock.
/// </summary>
public static class CartPricer
{
    public static PricedCart Price(
        ShoppingCart cart,
        IReadOnlyDictionary<string, SkuSnapshot> skus,
        IReadOnlyDictionary<string, long> available,
        IReadOnlyList<PromotionLookup> promotions,
        PricingTables tables,
        DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(cart);
        ArgumentNullException.ThrowIfNull(tables);
        var currency = cart.Currency;
        var n = cart.Lines.Count;
        var units = new long[n];
        var amounts = new long[n];
        var statuses = new LineStatus[n];
        var weight = 0;
        for (var i = 0; i < n; i++)
        {
            var line = cart.Lines[i];
            var sku = skus.GetValueOrDefault(line.Sku);
            var price = sku is { Status: SkuStatus.Active } ? sku.PriceIn(currency) : null;
            if (price is null)
            {
                statuses[i] = LineStatus.Unavailable;
                continue;
            }

            units[i] = price.Value.Minor;
            amounts[i] = (price.Value * line.Quantity).Minor;
            weight = checked(weight + (sku!.WeightGrams * line.Quantity));
            statuses[i] = available.GetValueOrDefault(line.Sku) >= line.Quantity ? LineStatus.Ok : LineStatus.OutOfStock;
        }

        var subtotal = amounts.Sum();
        var discounts = new long[n];
        var results = new List<PromotionResult>();
        var applied = new List<Promotion>();
        var freeShipping = false;
        foreach (var lookup in promotions.OrderBy(p => p.Promotion is null ? 9 : PromotionStacking.Order(p.Promotion.Kind)))
        {
            var promotion = lookup.Promotion;
            var reason = promotion is null ? "unknown-code" : PromotionEligibility.WhyNot(promotion, currency, subtotal, now, lookup.Usage)
                ?? (PromotionStacking.CanCombine(promotion, applied) ? null : "not-combinable");
            if (reason is not null)
            {
                results.Add(new PromotionResult(lookup.Code, promotion?.Kind, false, 0, reason));
                continue;
            }

            applied.Add(promotion!);
            var before = discounts.Sum();
            switch (promotion!.Kind)
            {
                case PromotionKind.FreeShipping:
                    freeShipping = true;
                    break;
                case PromotionKind.PercentOff:
                    for (var i = 0; i < n; i++)
                    {
                        if (promotion.AppliesTo(cart.Lines[i].Sku))
                        {
                            discounts[i] += new Money(amounts[i] - discounts[i], currency).Percent(promotion.PercentBasisPoints).Minor;
                        }
                    }

                    break;
                case PromotionKind.AmountOff:
                    SpreadAmount(promotion.AmountOff[currency], amounts, discounts, currency);
                    break;
                case PromotionKind.BuyXGetY:
                    FreeUnits(promotion, cart, units, amounts, discounts);
                    break;
            }

            results.Add(new PromotionResult(lookup.Code, promotion.Kind, true, discounts.Sum() - before, null));
        }

        var discount = discounts.Sum();
        long? shipping = null;
        long? tax = null;
        var taxes = new long[n];
        var jurisdiction = cart.Destination is null ? null : tables.Jurisdiction(cart.Destination);
        if (cart.Destination is not null && tables.Zone(cart.Destination.Country) is { } zone)
        {
            var threshold = tables.FreeShippingThreshold(currency);
            freeShipping |= threshold is not null && subtotal - discount >= threshold.Value.Minor;
            shipping = freeShipping || weight == 0 ? 0 : tables.ShippingPrice(zone, weight, currency);
        }

        if (jurisdiction is not null)
        {
            for (var i = 0; i < n; i++)
            {
                var sku = skus.GetValueOrDefault(cart.Lines[i].Sku);
                taxes[i] = TaxOn(amounts[i] - discounts[i], Rate(jurisdiction, sku?.TaxClass), jurisdiction.PricesIncludeTax);
            }

            var shippingTax = jurisdiction.ShippingTaxClass is null ? 0 : TaxOn(shipping ?? 0, Rate(jurisdiction, jurisdiction.ShippingTaxClass), jurisdiction.PricesIncludeTax);
            tax = taxes.Sum() + shippingTax;
        }

        var lines = cart.Lines.Select((l, i) => new PricedLine(
            l.Sku, skus.GetValueOrDefault(l.Sku)?.Name, l.Quantity, units[i], l.UnitPriceWhenAdded,
            statuses[i] != LineStatus.Unavailable && units[i] != l.UnitPriceWhenAdded,
            amounts[i], discounts[i], taxes[i], statuses[i], available.GetValueOrDefault(l.Sku))).ToList();

        var total = subtotal - discount + (shipping ?? 0) + (jurisdiction is { PricesIncludeTax: false } ? tax ?? 0 : 0);
        return new PricedCart
        {
            Id = cart.Id,
            Currency = currency,
            CustomerId = cart.CustomerId,
            Lines = lines,
            Promotions = results,
            Destination = cart.Destination,
            Subtotal = subtotal,
            Discount = discount,
            Shipping = shipping,
            FreeShipping = freeShipping,
            Tax = tax,
            PricesIncludeTax = jurisdiction?.PricesIncludeTax,
            Total = total,
            WeightGrams = weight,
            Orderable = n > 0 && statuses.All(s => s == LineStatus.Ok),
        };
    }

    /// <summary>Tax on an amount at <paramref name="basisPoints"/>: the included part of a gross amount, or the amount added to a net one.</summary>
    public static long TaxOn(long amount, int basisPoints, bool included)
        => included ? Money.RoundedDivide(checked(amount * basisPoints), 10_000 + basisPoints) : Money.RoundedDivide(checked(amount * basisPoints), 10_000);

    static int Rate(TaxJurisdiction jurisdiction, string? taxClass)
        => jurisdiction.Rates.TryGetValue(taxClass ?? "standard", out var rate) ? rate : jurisdiction.Rates.GetValueOrDefault("standard");

    static void SpreadAmount(long amountOff, long[] amounts, long[] discounts, string currency)
    {
        var remaining = amounts.Select((a, i) => a - discounts[i]).ToArray();
        var left = remaining.Sum();
        if (left <= 0)
        {
            return;
        }

        var parts = new Money(Math.Min(amountOff, left), currency).Allocate(remaining);
        for (var i = 0; i < parts.Length; i++)
        {
            discounts[i] += parts[i].Minor;
        }
    }

    static void FreeUnits(Promotion promotion, ShoppingCart cart, long[] units, long[] amounts, long[] discounts)
    {
        var group = promotion.BuyQuantity + promotion.GetQuantity;
        var eligible = cart.Lines
            .Select((l, i) => (Line: l, Index: i))
            .Where(x => units[x.Index] > 0 && promotion.AppliesTo(x.Line.Sku))
            .SelectMany(x => Enumerable.Repeat(x.Index, x.Line.Quantity))
            .OrderBy(i => units[i]).ThenBy(i => i)
            .ToList();
        var free = group <= 0 || promotion.GetQuantity <= 0 ? 0 : eligible.Count / group * promotion.GetQuantity;
        foreach (var index in eligible.Take(free))
        {
            discounts[index] = Math.Min(amounts[index], discounts[index] + units[index]);
        }
    }
}

/// <summary>Whether a promotion can apply to a cart now; the reason when it cannot.</summary>
public static class PromotionEligibility
{
    public const string UsageLimitReached = "usage-limit-reached";
    public const string CustomerUsageLimitReached = "customer-usage-limit-reached";

    /// <summary>Whether <paramref name="reason"/> says a usage limit is reached (the code was used up, not mistyped or unmet).</summary>
    public static bool IsUsageLimit(string? reason) => reason is UsageLimitReached or CustomerUsageLimitReached;

    public static string? WhyNot(Promotion promotion, string currency, long subtotal, DateTimeOffset now, PromotionUsage usage)
    {
        ArgumentNullException.ThrowIfNull(promotion);
        ArgumentNullException.ThrowIfNull(usage);
        return promotion switch
        {
            { ValidFrom: { } from } when now < from => "not-yet-valid",
            { ValidUntil: { } until } when now >= until => "expired",
            { MaxUses: { } max } when usage.Total >= max => UsageLimitReached,
            { MaxUsesPerCustomer: { } max } when usage.ByCustomer >= max => CustomerUsageLimitReached,
            { Kind: PromotionKind.AmountOff } when !promotion.AmountOff.ContainsKey(currency) => "not-offered-in-currency",
            _ when promotion.MinimumSubtotal.TryGetValue(currency, out var minimum) && subtotal < minimum => "minimum-subtotal-not-met",
            _ => null,
        };
    }
}
