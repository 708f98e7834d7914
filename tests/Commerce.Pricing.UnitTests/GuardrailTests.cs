namespace Commerce.Pricing.UnitTests;

public sealed class GuardrailTests
{
    static Money Eur(long minor) => Money.Of(minor, "EUR");

    /// <summary>Cost 10.00, 20 % minimum margin (floor 12.00), ceiling 30.00, at most 10 % a day from 20.00.</summary>
    static PriceSituation Situation(long current = 2_000, long? dayStart = null, long? cost = 1_000, bool inCheckout = false, long? daily = 1_000, Guardrail? guardrail = null)
        => new(Eur(current), Eur(dayStart ?? current), cost is { } c ? Eur(c) : null, guardrail ?? new Guardrail
        {
            MinMarginBasisPoints = 2_000,
            Ceilings = new Dictionary<string, long> { ["EUR"] = 3_000 },
            MaxDailyChangeBasisPoints = daily,
        }, inCheckout);

    [Fact]
    public void Floor_is_cost_plus_minimum_margin_rounded_up_so_the_margin_always_holds()
    {
        Assert.Equal(Eur(1_200), Guardrails.Floor(Eur(1_000), 2_000));
        Assert.Equal(Eur(1_234), Guardrails.Floor(Eur(1_028), 2_000)); // 1,233.6 rounds up
        Assert.Equal(Eur(999), Guardrails.Floor(Eur(999), 0));
    }

    [Fact]
    public void A_price_below_the_floor_is_refused_naming_the_rule()
    {
        var refusal = Guardrails.Check(Situation(current: 1_250, daily: null), Eur(1_199));

        Assert.Equal(GuardrailRules.BelowFloor, refusal?.Rule);
        Assert.Null(Guardrails.Check(Situation(current: 1_250, daily: null), Eur(1_200)));
    }

    [Fact]
    public void A_price_above_the_ceiling_is_refused_naming_the_rule()
    {
        var refusal = Guardrails.Check(Situation(current: 2_900, daily: null), Eur(3_001));

        Assert.Equal(GuardrailRules.AboveCeiling, refusal?.Rule);
        Assert.Null(Guardrails.Check(Situation(current: 2_900, daily: null), Eur(3_000)));
    }

    [Fact]
    public void A_move_beyond_the_daily_limit_from_the_day_s_opening_price_is_refused()
    {
        Assert.Null(Guardrails.Check(Situation(), Eur(2_200)));
        Assert.Null(Guardrails.Check(Situation(), Eur(1_800)));
        Assert.Equal(GuardrailRules.DailyChange, Guardrails.Check(Situation(), Eur(2_201))?.Rule);
        Assert.Equal(GuardrailRules.DailyChange, Guardrails.Check(Situation(), Eur(1_799))?.Rule);
    }

    [Fact]
    public void Several_changes_in_one_day_are_limited_together_from_the_opening_price()
    {
        // Already moved 20.00 → 22.00 today: another +10 % from 22.00 would be 21 % from the opening price.
        Assert.Equal(GuardrailRules.DailyChange, Guardrails.Check(Situation(current: 2_200, dayStart: 2_000), Eur(2_420))?.Rule);
        Assert.Null(Guardrails.Check(Situation(current: 2_200, dayStart: 2_000), Eur(1_900)));
    }

    [Fact]
    public void No_price_changes_while_a_shopper_s_checkout_holds_the_sku()
    {
        Assert.Equal(GuardrailRules.InCheckout, Guardrails.Check(Situation(inCheckout: true), Eur(2_100))?.Rule);
        Assert.Null(Guardrails.Clamp(Situation(inCheckout: true), Eur(2_100)));
    }

    [Fact]
    public void Without_a_cost_or_a_guardrail_no_price_is_allowed()
    {
        Assert.Equal(GuardrailRules.NoCost, Guardrails.Check(Situation(cost: null), Eur(2_100))?.Rule);
        var unguarded = new PriceSituation(Eur(2_000), Eur(2_000), Eur(1_000), null, InCheckout: false);
        Assert.Equal(GuardrailRules.NoGuardrail, Guardrails.Check(unguarded, Eur(2_100))?.Rule);
        Assert.Null(Guardrails.Clamp(unguarded, Eur(2_100)));
    }

    [Fact]
    public void Clamp_moves_a_target_to_the_nearest_allowed_price()
    {
        Assert.Equal(Eur(2_200), Guardrails.Clamp(Situation(), Eur(9_999)));
        Assert.Equal(Eur(1_800), Guardrails.Clamp(Situation(), Eur(1)));
        Assert.Equal(Eur(1_200), Guardrails.Clamp(Situation(daily: null), Eur(1)));
        Assert.Equal(Eur(3_000), Guardrails.Clamp(Situation(daily: null), Eur(9_999)));
        Assert.Equal(Eur(2_050), Guardrails.Clamp(Situation(), Eur(2_050)));
    }

    [Fact]
    public void Clamp_keeps_the_price_when_the_floor_lies_above_today_s_band()
    {
        // Cost rose: floor 24.00, but today the price may only reach 22.00; no allowed price, so nothing changes.
        Assert.Null(Guardrails.Clamp(Situation(cost: 2_000), Eur(2_400)));
    }
}
