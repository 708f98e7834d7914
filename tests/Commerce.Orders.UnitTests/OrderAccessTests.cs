using System.Security.Cryptography;
using Commerce.Orders.Domain;

namespace Commerce.Orders.UnitTests;

/// <summary>Who may read or change an order (<see cref="OrderAccess"/>), and how payment tokens are sealed at rest (<see cref="PaymentTokenSeal"/>).</summary>
public sealed class OrderAccessTests
{
    static readonly string Token = OrderAccess.NewToken();
    static readonly IReadOnlyList<string> Hashes = OrderAccess.WithToken(OrderAccess.WithToken(null, OrderAccess.HashOf("other-tab")), OrderAccess.HashOf(Token));

    [Fact]
    public void The_order_token_opens_the_order_and_nothing_else_does_for_a_guest_order()
    {
        Assert.True(OrderAccess.Allows(new OrderCaller(Token, null, false), Hashes, null));
        Assert.True(OrderAccess.Allows(new OrderCaller("other-tab", null, false), Hashes, null));
        Assert.False(OrderAccess.Allows(new OrderCaller(null, null, false), Hashes, null));
        Assert.False(OrderAccess.Allows(new OrderCaller("", null, false), Hashes, null));
        Assert.False(OrderAccess.Allows(new OrderCaller(Token + "x", null, false), Hashes, null));
        Assert.False(OrderAccess.Allows(new OrderCaller(OrderAccess.HashOf(Token), null, false), Hashes, null)); // the stored hash is no token
        Assert.False(OrderAccess.Allows(new OrderCaller(Token, null, false), null, null));
        Assert.False(OrderAccess.Allows(new OrderCaller(null, "cust-1", false), Hashes, null)); // a signed-in stranger
    }

    [Fact]
    public void The_owning_customer_and_an_admin_need_no_order_token()
    {
        Assert.True(OrderAccess.Allows(new OrderCaller(null, "cust-1", false), null, "cust-1"));
        Assert.False(OrderAccess.Allows(new OrderCaller(null, "cust-2", false), null, "cust-1"));
        Assert.False(OrderAccess.Allows(new OrderCaller(null, "CUST-1", false), null, "cust-1"));
        Assert.True(OrderAccess.Allows(new OrderCaller(null, "staff-1", true), null, "cust-1"));
        Assert.True(OrderAccess.Allows(new OrderCaller(null, "staff-1", true), null, null));
    }

    [Fact]
    public void Order_tokens_are_256_random_bits_in_base64url_and_an_order_keeps_the_newest_few()
    {
        var tokens = Enumerable.Range(0, 50).Select(_ => OrderAccess.NewToken()).ToList();
        Assert.All(tokens, t => Assert.Matches("^[A-Za-z0-9_-]{43}$", t));
        Assert.Equal(50, tokens.Distinct().Count());

        var kept = tokens.Aggregate((IReadOnlyList<string>?)null, (hashes, t) => OrderAccess.WithToken(hashes, OrderAccess.HashOf(t)));

        Assert.Equal(OrderAccess.MaxTokens, kept!.Count);
        Assert.True(OrderAccess.Allows(new OrderCaller(tokens[^1], null, false), kept, null));
        Assert.False(OrderAccess.Allows(new OrderCaller(tokens[0], null, false), kept, null));
        Assert.DoesNotContain(tokens[^1], kept);
    }

    [Fact]
    public void A_sealed_payment_token_opens_only_with_its_key_for_its_order()
    {
        var seal = new PaymentTokenSeal(RandomNumberGenerator.GetBytes(32));
        var sealedToken = seal.Seal("ord_1", "pm_card_visa");

        Assert.StartsWith("v1.", sealedToken, StringComparison.Ordinal);
        Assert.DoesNotContain("pm_card_visa", sealedToken, StringComparison.Ordinal);
        Assert.NotEqual(sealedToken, seal.Seal("ord_1", "pm_card_visa")); // a fresh nonce each time
        Assert.Equal("pm_card_visa", seal.Unseal("ord_1", sealedToken));
        Assert.ThrowsAny<CryptographicException>(() => seal.Unseal("ord_2", sealedToken));
        Assert.ThrowsAny<CryptographicException>(() => new PaymentTokenSeal(RandomNumberGenerator.GetBytes(32)).Unseal("ord_1", sealedToken));
        Assert.ThrowsAny<CryptographicException>(() => seal.Unseal("ord_1", sealedToken[..^2] + (sealedToken[^2] == 'A' ? "B" : "A") + sealedToken[^1]));
        Assert.ThrowsAny<CryptographicException>(() => seal.Unseal("ord_1", "pm_card_visa"));
        Assert.ThrowsAny<CryptographicException>(() => seal.Unseal("ord_1", "v1.!!"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==")] // 16 bytes
    [InlineData("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gIQ==")] // 34 bytes
    public void A_missing_or_malformed_key_is_refused_naming_the_setting(string? key)
    {
        Assert.False(PaymentTokenSeal.TryParseKey(key, out _));
        var refused = Assert.Throws<InvalidOperationException>(() => PaymentTokenSeal.For(new PaymentTokenOptions { PaymentTokenKey = key }));
        Assert.Contains("Orders:PaymentTokenKey", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void After_a_key_rotation_a_token_sealed_with_the_previous_key_still_opens_and_new_seals_use_the_new_key()
    {
        string NewKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var (oldKey, newKey, otherKey) = (NewKey(), NewKey(), NewKey());
        var before = PaymentTokenSeal.For(new PaymentTokenOptions { PaymentTokenKey = oldKey });
        var inFlight = before.Seal("ord_1", "pm_card_visa");

        var after = PaymentTokenSeal.For(new PaymentTokenOptions { PaymentTokenKey = newKey, PreviousPaymentTokenKeys = $"{otherKey}, {oldKey}" });

        Assert.Equal("pm_card_visa", after.Unseal("ord_1", inFlight));
        Assert.ThrowsAny<CryptographicException>(() => after.Unseal("ord_2", inFlight)); // still bound to its order
        var sealedAfter = after.Seal("ord_3", "pm_card_mastercard");
        Assert.ThrowsAny<CryptographicException>(() => before.Unseal("ord_3", sealedAfter)); // sealed with the new key, not the old
        Assert.Equal("pm_card_mastercard", PaymentTokenSeal.For(new PaymentTokenOptions { PaymentTokenKey = newKey }).Unseal("ord_3", sealedAfter));
        Assert.ThrowsAny<CryptographicException>(() => PaymentTokenSeal.For(new PaymentTokenOptions { PaymentTokenKey = newKey }).Unseal("ord_1", inFlight)); // once the old key is dropped
    }

    [Theory]
    [InlineData("not base64")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==")] // 16 bytes
    [InlineData("aW5mcmEtdGVzdC1wYXltZW50LXRva2VuLWtleS0zMmI=,")] // an empty entry
    public void A_malformed_previous_key_is_refused_naming_the_setting(string previous)
    {
        var options = new PaymentTokenOptions { PaymentTokenKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), PreviousPaymentTokenKeys = previous };

        Assert.False(PaymentTokenSeal.IsValid(options));
        var refused = Assert.Throws<InvalidOperationException>(() => PaymentTokenSeal.For(options));
        Assert.Contains("Orders:PreviousPaymentTokenKeys", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_key_of_32_bytes_in_base64_is_taken()
    {
        Assert.True(PaymentTokenSeal.TryParseKey(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), out var key));
        Assert.Equal(32, key.Length);
    }
}
