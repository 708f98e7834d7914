using Commerce.Contracts;

namespace Commerce.Pricing.Domain;

/// <summary>Why a price may not be applied: <see cref="Rule"/> is stable (the problem type names it), <see cref="Detail"/> says the numbers.</summary>
public sealed record PriceRefusal(string Rule, string Detail);

/// <summary>Stable names of the guardrail rules.</summary>
public static class GuardrailRules
{
    public const string NoGuardrail = "no-guardrail";
    public const string NoCost = "no-cost";
    public const string BelowFloor = "below-floor";
    public const string AboveCeiling = "above-ceiling";
    public const string DailyChange = "daily-change-exceeded";
    public const string InCheckout = "sku-in-checkout";
}

/// <summary>
/// Everything the guardrails look at for one SKU in one currency: the price now, the price the day started at, the
/// cost, the effective guardrail (the SKU's own, else its category's) and whether a shopper's checkout holds the SKU.
/// </summary>
public sealed record PriceSituation(Money Current, Money DayStart, Money? Cost, Guardrail? Guardrail, bool InCheckout);

/// <summary>The guardrail arithmetic, in integer minor units: floor, ceiling, daily band, and the in-checkout freeze.</summary>
public static class Guardrails
{
    /// <summary>cost × (1 + margin), rounded up so the margin always holds.</summary>
    public static Money Floor(Money cost, long minMarginBasisPoints)
        => cost with { Minor = CeilingDivide(checked(cost.Minor * (10_000 + minMarginBasisPoints)), 10_000) };

    /// <summary>The lowest and highest price the guardrail allows now (null when none does: a rule, e.g. no cost, refuses every price).</summary>
    public static (Money Low, Money High)? Band(PriceSituation situation, out PriceRefusal? refusal)
    {
        ArgumentNullException.ThrowIfNull(situation);
        var currency = situation.Current.Currency;
        refusal = null;
        if (situation.Guardrail is not { } guardrail)
        {
            refusal = new PriceRefusal(GuardrailRules.NoGuardrail, $"No guardrail is set for this SKU or its category; set one before changing its {currency} price.");
            return null;
        }

        if (situation.Cost is not { } cost)
        {
            refusal = new PriceRefusal(GuardrailRules.NoCost, $"The SKU has no {currency} cost, so its floor is unknown.");
            return null;
        }

        var low = Floor(cost, guardrail.MinMarginBasisPoints);
        var high = guardrail.Ceilings.TryGetValue(currency, out var ceiling) ? Money.Of(ceiling, currency) : Money.Of(long.MaxValue, currency);
        if (guardrail.MaxDailyChangeBasisPoints is { } daily)
        {
            var start = situation.DayStart.Minor;
            low = Money.Max(low, Money.Of(CeilingDivide(checked(start * (10_000 - daily)), 10_000), currency));
            high = Money.Min(high, Money.Of(checked(start * (10_000 + daily)) / 10_000, currency));
        }

        return (low, high);
    }

    /// <summary>Null when <paramref name="proposed"/> may be applied; otherwise the first rule it breaks.</summary>
    public static PriceRefusal? Check(PriceSituation situation, Money proposed)
    {
        ArgumentNullException.ThrowIfNull(situation);
        if (situation.InCheckout)
        {
            return new PriceRefusal(GuardrailRules.InCheckout, "A shopper's checkout holds this SKU; its price changes once no checkout does.");
        }

        if (Band(situation, out var refusal) is not { } band)
        {
            return refusal;
        }

        var guardrail = situation.Guardrail!;
        var floor = Floor(situation.Cost!.Value, guardrail.MinMarginBasisPoints);
        if (proposed < floor)
        {
            return new PriceRefusal(GuardrailRules.BelowFloor, $"{proposed} is below the floor {floor} (cost {situation.Cost} plus {guardrail.MinMarginBasisPoints} basis points of margin).");
        }

        if (guardrail.Ceilings.TryGetValue(proposed.Currency, out var ceiling) && proposed.Minor > ceiling)
        {
            return new PriceRefusal(GuardrailRules.AboveCeiling, $"{proposed} is above the ceiling {Money.Of(ceiling, proposed.Currency)}.");
        }

        return proposed < band.Low || proposed > band.High
            ? new PriceRefusal(GuardrailRules.DailyChange, $"{proposed} moves more than {guardrail.MaxDailyChangeBasisPoints} basis points from today's opening price {situation.DayStart} (allowed {band.Low} to {band.High}).")
            : null;
    }

    /// <summary>The allowed price nearest <paramref name="target"/>; null when no price is allowed (the SKU keeps its price).</summary>
    public static Money? Clamp(PriceSituation situation, Money target)
    {
        ArgumentNullException.ThrowIfNull(situation);
        if (situation.InCheckout || Band(situation, out _) is not { } band || band.Low > band.High)
        {
            return null;
        }

        return Money.Min(Money.Max(target, band.Low), band.High);
    }

    static long CeilingDivide(long value, long divisor) => value >= 0 ? (value + divisor - 1) / divisor : value / divisor;
}
