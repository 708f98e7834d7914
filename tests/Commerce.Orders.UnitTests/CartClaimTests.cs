using Commerce.Contracts;
using Commerce.Documents.Sqlite;
using Commerce.Orders.Domain;
using Commerce.Primitives;

namespace Commerce.Orders.UnitTests;

/// <summary>One cart, at most one order: the claim over a real (SQLite) store, who may claim, and what the shopper reviewed.</summary>
public sealed class CartClaimTests : IDisposable
{
    static readonly ShippingAddress Address = new("n", "l", null, "c", null, "p", "US");
    readonly string dataPath = Path.Combine(Path.GetTempPath(), "commerce-cart-claim-tests", Guid.NewGuid().ToString("N"));
    readonly SqliteDocumentStore store;
    readonly InMemoryCheckoutCarts carts = new();
    readonly CartClaims claims;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public CartClaimTests()
    {
        store = new SqliteDocumentStore(dataPath);
        claims = new CartClaims(store, carts, TimeProvider.System);
    }

    public void Dispose()
    {
        store.Dispose();
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    static PricedCheckoutCart Cart(string id, string? customerId = null, long total = 1_000)
        => new(id, "USD", [new PricedCartLine("a", 1, Money.Of(total, "USD"), Money.Of(total, "USD"))], Money.Zero("USD"), Money.Zero("USD"), Money.Zero("USD"), Money.Of(total, "USD"), [], customerId);

    static Func<CartClaim, CancellationToken, Task<bool>> Over(bool over) => (_, _) => Task.FromResult(over);

    Task<CartClaimResult> ClaimAsync(string cartId, string orderId, string? token, string? customer = null, bool holderOver = false)
        => claims.ClaimAsync(cartId, orderId, token, customer, ReviewedCart.Nothing, Over(holderOver), Ct);

    [Fact]
    public async Task Of_many_concurrent_claims_under_different_orders_exactly_one_wins_and_the_rest_name_it()
    {
        carts.Put("tok", Cart("cart-1"));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => ClaimAsync("cart-1", $"ord_{i}", "tok"), Ct)));

        var winner = Assert.Single(results, r => r.Outcome == CartClaimOutcome.Claimed);
        Assert.All(results.Where(r => r != winner), r => Assert.Equal((CartClaimOutcome.HeldByAnother, winner.OrderId), (r.Outcome, r.OrderId)));
        Assert.Equal(winner.OrderId, (await claims.HeldByAsync("cart-1", winner.OrderId!, Ct))?.OrderId);
    }

    [Fact]
    public async Task The_same_order_claiming_again_keeps_its_claim()
    {
        carts.Put("tok", Cart("cart-1"));

        Assert.Equal(CartClaimOutcome.Claimed, (await ClaimAsync("cart-1", "ord_a", "tok")).Outcome);
        Assert.Equal(CartClaimOutcome.Claimed, (await ClaimAsync("cart-1", "ord_a", "tok")).Outcome);
    }

    [Theory]
    [InlineData("wrong", null)]
    [InlineData(null, null)]
    [InlineData(null, "someone-else")]
    public async Task A_caller_who_does_not_own_the_cart_claims_nothing_and_learns_nothing(string? token, string? customer)
    {
        carts.Put("tok", Cart("cart-1", customerId: "cust-1"));
        await ClaimAsync("cart-1", "ord_a", "tok");

        var result = await ClaimAsync("cart-1", "ord_b", token, customer);

        Assert.Equal(new CartClaimResult(CartClaimOutcome.Unavailable), result);
        Assert.Equal(CartClaimOutcome.Unavailable, (await ClaimAsync("no-such-cart", "ord_c", "tok")).Outcome);
    }

    [Fact]
    public async Task A_customer_claims_their_cart_with_their_identity_alone()
    {
        carts.Put("unused", Cart("cart-c", customerId: "cust-1"));

        Assert.Equal(CartClaimOutcome.Claimed, (await ClaimAsync("cart-c", "ord_a", null, "cust-1")).Outcome);
    }

    [Fact]
    public async Task A_released_claim_or_one_whose_checkout_is_over_without_an_order_is_taken_over()
    {
        carts.Put("tok", Cart("cart-1"));
        await ClaimAsync("cart-1", "ord_a", "tok");
        await claims.ReleaseAsync("cart-1", "ord_a", Ct);
        Assert.Null(await claims.HeldByAsync("cart-1", "ord_a", Ct));

        Assert.Equal(CartClaimOutcome.Claimed, (await ClaimAsync("cart-1", "ord_b", "tok")).Outcome);
        Assert.Equal(CartClaimOutcome.HeldByAnother, (await ClaimAsync("cart-1", "ord_c", "tok", holderOver: false)).Outcome);
        Assert.Equal(CartClaimOutcome.Claimed, (await ClaimAsync("cart-1", "ord_c", "tok", holderOver: true)).Outcome);

        // A late release by a checkout that lost the claim leaves the new holder alone.
        await claims.ReleaseAsync("cart-1", "ord_b", Ct);
        Assert.NotNull(await claims.HeldByAsync("cart-1", "ord_c", Ct));
    }

    [Fact]
    public async Task Once_the_cart_is_gone_its_owner_is_answered_with_the_order_that_took_it_and_others_with_nothing()
    {
        carts.Put("tok", Cart("cart-1"));
        await ClaimAsync("cart-1", "ord_a", "tok");
        await carts.ClearAsync("cart-1", "ord_a", Ct);

        Assert.Equal(new CartClaimResult(CartClaimOutcome.HeldByAnother, "ord_a"), await ClaimAsync("cart-1", "ord_b", "tok"));
        Assert.Equal(CartClaimOutcome.Unavailable, (await ClaimAsync("cart-1", "ord_b", "other")).Outcome);
    }

    [Fact]
    public async Task The_customers_next_cart_under_the_same_id_is_not_held_by_the_last_order()
    {
        carts.Put("unused", Cart("cart-c", customerId: "cust-1"));
        await ClaimAsync("cart-c", "ord_a", null, "cust-1");
        carts.Put("unused", Cart("cart-c", customerId: "cust-1"));

        Assert.Equal(CartClaimOutcome.Claimed, (await ClaimAsync("cart-c", "ord_b", null, "cust-1")).Outcome);
    }

    [Fact]
    public async Task The_saga_gets_the_cart_for_the_claims_owner_only()
    {
        carts.Put("tok", Cart("cart-1"));
        await ClaimAsync("cart-1", "ord_a", "tok");
        var claim = (await claims.HeldByAsync("cart-1", "ord_a", Ct))!;

        Assert.NotNull(await carts.GetForCheckoutAsync("cart-1", claim.Owner, Address, Ct));
        Assert.Null(await carts.GetForCheckoutAsync("cart-1", new CartOwner(CartOwner.HashToken("other"), null), Address, Ct));
    }

    [Fact]
    public void A_reviewed_total_or_version_that_no_longer_holds_is_a_price_change()
    {
        var cart = Cart("cart-1", total: 1_000) with { ETag = "\"v2\"" };

        ReviewedCart.Nothing.Verify(cart);
        new ReviewedCart("\"v2\"", Money.Of(1_000, "USD")).Verify(cart);
        Assert.Equal(CheckoutFailureCodes.PriceChanged, Assert.Throws<PriceChangedException>(() => new ReviewedCart(Total: Money.Of(999, "USD")).Verify(cart)).Code);
        Assert.Throws<PriceChangedException>(() => new ReviewedCart(Total: Money.Of(1_000, "EUR")).Verify(cart));
        Assert.Throws<PriceChangedException>(() => new ReviewedCart("\"v1\"").Verify(cart));
    }

    /// <summary>The cart's version as the store gives it: quoted (SQLite, Cosmos DB) or bare (the Cosmos DB server from npm).</summary>
    [Theory]
    [InlineData("\"v2\"", null, true)]
    [InlineData("v2", null, true)]
    [InlineData("v2", "  ", true)]
    [InlineData("v2", "*", true)]
    [InlineData("v2", "\"v2\"", true)]
    [InlineData("\"v2\"", "\"v1\", \"v2\"", true)]
    [InlineData("v2", "\"v1\"", false)]
    [InlineData("v2", "W/\"v2\"", false)]
    [InlineData("v2", "v2", false)]
    public void The_reviewed_if_match_holds_only_when_it_is_star_or_lists_the_carts_strong_entity_tag(string version, string? header, bool holds)
    {
        var reviewed = new ReviewedCart(ReviewedCart.VersionOf(EntityTagCondition.Parse(header)));
        var cart = Cart("cart-1", total: 1_000) with { ETag = version };

        var verified = Record.Exception(() => reviewed.Verify(cart));

        Assert.Equal(holds, verified is null);
    }

    [Fact]
    public void Checkout_requests_need_a_cart_token_unless_signed_in_and_a_well_formed_expected_total()
    {
        var request = new CheckoutRequest("cart-1", null, "a@b.c", Address, "tok");

        Assert.Contains("cartToken", request.Validate().Keys);
        Assert.Empty(request.Validate(signedIn: true));
        Assert.Empty((request with { ExpectedTotal = Money.Of(0, "USD") }).Validate(signedIn: true));
        Assert.Contains("expectedTotal", (request with { ExpectedTotal = new Money(-1, "USD") }).Validate(signedIn: true).Keys);
        Assert.Contains("expectedTotal", (request with { ExpectedTotal = new Money(100, "XXX") }).Validate(signedIn: true).Keys);
        Assert.Contains("expectedTotal", (request with { ExpectedTotal = new Money(100, null!) }).Validate(signedIn: true).Keys);
    }

    [Fact]
    public void A_cart_owner_admits_the_holder_of_its_token_or_its_customer()
    {
        var guest = new CartOwner(CartOwner.HashToken("tok"), null);
        var customer = new CartOwner(null, "cust-1");

        Assert.True(guest.Admits("tok", null));
        Assert.True(guest.Admits("tok", "cust-1"));
        Assert.False(guest.Admits("tok2", null));
        Assert.False(guest.Admits(null, "cust-1"));
        Assert.True(customer.Admits(null, "cust-1"));
        Assert.False(customer.Admits("tok", "cust-2"));
        Assert.False(customer.Admits(null, null));
        Assert.False(guest.Admits(new string('x', CartOwner.MaxTokenLength + 1), null));
    }
}
