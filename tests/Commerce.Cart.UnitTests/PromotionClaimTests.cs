namespace Commerce.Cart.UnitTests;

public sealed class PromotionClaimTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(" Ada@Example.com", "ada@example.com")]
    [InlineData("ada+spring@example.com", "ada@example.com")]
    [InlineData("ADA+a+b@EXAMPLE.COM\t", "ada@example.com")]
    [InlineData("a.da@example.com", "a.da@example.com")]
    [InlineData("+ada@example.com", "+ada@example.com")]
    public void Guest_emails_are_normalized_by_case_spacing_and_plus_tag_but_keep_dots(string email, string normalized)
        => Assert.Equal(normalized, PromotionClaimants.NormalizeEmail(email));

    [Fact]
    public void A_guest_is_keyed_by_a_hash_of_the_normalized_email_and_apart_from_customers()
    {
        var key = PromotionClaimants.Of(null, " Ada@Example.com");

        Assert.Equal(PromotionClaimants.Of(null, "ada+promo@example.com"), key);
        Assert.NotEqual(PromotionClaimants.Of(null, "a.da@example.com"), key);
        Assert.DoesNotContain("ada", key, StringComparison.Ordinal);
        Assert.Equal("customer:cust-1", PromotionClaimants.Of("cust-1", "ada@example.com"));
    }

    [Fact]
    public void A_claim_counts_until_the_limit_and_a_repeat_for_the_same_order_is_a_no_op()
    {
        var (first, one) = new PromotionCounter().Claim("o1", 2, Now);
        var (repeat, unchanged) = one!.Claim("o1", 2, Now);
        var (second, two) = one.Claim("o2", 2, Now);
        var (third, none) = two!.Claim("o3", 2, Now);

        Assert.Equal([RedemptionOutcome.Redeemed, RedemptionOutcome.AlreadyRedeemed, RedemptionOutcome.Redeemed, RedemptionOutcome.LimitReached], [first, repeat, second, third]);
        Assert.Null(unchanged);
        Assert.Null(none);
        Assert.Equal(2, two.Count);
    }

    [Fact]
    public void Releasing_gives_the_use_back_once_and_a_settled_use_is_never_released()
    {
        var (_, claimed) = new PromotionCounter().Claim("o1", 1, Now);
        var (_, other) = claimed!.Claim("o2", 2, Now);

        var released = other!.Release("o1", Now)!;
        var settled = released.Settle("o2", Now)!;

        Assert.Equal(1, released.Count);
        Assert.Null(released.Release("o1", Now));
        Assert.Equal(1, settled.Count);
        Assert.Empty(settled.Claims);
        Assert.Null(settled.Release("o2", Now));
    }

    [Fact]
    public void Expired_claims_leave_the_list_but_stay_counted()
    {
        var (_, old) = new PromotionCounter().Claim("o1", 5, Now);

        var (_, later) = old!.Claim("o2", 5, Now + PromotionCounter.ClaimRetention + TimeSpan.FromMinutes(1));

        Assert.Equal(2, later!.Count);
        Assert.Equal(["o2"], later.Claims.Select(c => c.OrderId));
    }
}
