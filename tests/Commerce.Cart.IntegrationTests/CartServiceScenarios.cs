using Commerce.Cart.Storage;

namespace Commerce.Cart.IntegrationTests;

/// <summary>The cart use cases against one document-store adapter (each adapter runs the same scenarios).</summary>
public abstract class CartServiceScenarios : IAsyncLifetime
{
    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected abstract IDocumentStore Store { get; }

    protected CartOptions Options { get; } = new();

    protected TimeProvider Clock { get; set; } = TimeProvider.System;

    protected CartService Service => new(
        new DocumentCartRepository(Store), new DocumentCatalogReader(Store), Promotions, new PricingTables(Options), Options, Clock,
        new LivePriceExperiments((_, _) => Task.FromResult<(IReadOnlyList<LivePriceExperiment>, string?)>(([], null)), Clock, TimeSpan.FromMinutes(1)));

    protected DocumentPromotionStore Promotions => new(Store, Clock);

    public virtual async ValueTask InitializeAsync()
    {
        await CartSeed.SeedAsync(Store, Ct);
        foreach (var promotion in CartDefaults.Promotions)
        {
            await Promotions.SeedAsync(promotion, Ct);
        }
    }

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;

    [Fact]
    public async Task Concurrent_add_line_calls_never_lose_a_line()
    {
        var service = Service;
        var (created, _) = await service.CreateGuestAsync("EUR", null, Ct);
        var skus = CartSeed.Skus.Where(s => s.Sku.StartsWith("BULK-", StringComparison.Ordinal)).Select(s => s.Sku).Take(Options.Limits.MaxLines).ToList();
        var stale = 0;

        await Task.WhenAll(skus.Select(sku => Task.Run(async () =>
        {
            // A client: add with the ETag it holds; on 412 take the current cart it is given and try again.
            var held = created;
            while (true)
            {
                var result = await service.ExecuteAsync(held, held.ETag, new AddLine(sku, 1), Ct);
                if (!result.Stale)
                {
                    return;
                }

                Interlocked.Increment(ref stale);
                held = result.Cart;
            }
        }, Ct)));

        var final = await service.FindAsync(created.Cart.Id, Ct);
        Assert.Equal(skus.Order(), final!.Cart.Lines.Select(l => l.Sku).Order());
        Assert.True(stale > 0, "the writers should have contended");
    }

    [Fact]
    public async Task A_stale_etag_writes_nothing_and_returns_the_current_cart()
    {
        var service = Service;
        var (created, _) = await service.CreateGuestAsync("EUR", null, Ct);
        var first = await service.ExecuteAsync(created, created.ETag, new AddLine("SOCKS", 1), Ct);

        var second = await service.ExecuteAsync(created, created.ETag, new AddLine("JEANS-32", 1), Ct);

        Assert.True(second.Stale);
        Assert.Equal(first.Cart.ETag, second.Cart.ETag);
        Assert.Equal(["SOCKS"], second.Priced.Lines.Select(l => l.Sku));
    }

    [Fact]
    public async Task Unknown_and_archived_skus_are_rejected()
    {
        var service = Service;
        var (created, _) = await service.CreateGuestAsync("EUR", null, Ct);

        foreach (var sku in new[] { "NOPE", "OLD" })
        {
            var ex = await Assert.ThrowsAsync<CartRuleException>(() => service.ExecuteAsync(created, created.ETag, new AddLine(sku, 1), Ct));
            Assert.Equal(CartProblems.SkuUnavailable, ex.Type);
        }
    }

    /// <summary>
    /// Guest: 2 T-shirts, 8 socks, WELCOME15 (once per customer) and a destination. Customer: 1 T-shirt, 5 socks,
    /// TAKE5, and WELCOME15 already used on an order. Merged: 3 T-shirts, socks capped at 10, TAKE5 kept, WELCOME15
    /// dropped (valid for the guest, used up for the customer), the guest's destination; the guest cart is gone.
    /// 3 × 19.99 + 10 × 5.00 = 109.97, TAKE5 5.00 → 104.97, shipping DE 5.90 (1.1 kg) → 110.87.
    /// </summary>
    [Fact]
    public async Task Merging_a_guest_cart_adds_same_sku_quantities_and_keeps_only_codes_valid_for_the_customer()
    {
        var service = Service;
        var customerId = "cust-" + Guid.NewGuid().ToString("N");
        await Promotions.RedeemAsync(CartDefaults.Promotions.Single(p => p.Code == "WELCOME15"), PromotionClaimants.Customer(customerId), "order-earlier", Ct);
        var customer = await service.GetOrCreateCustomerCartAsync(customerId, "EUR", Ct);
        customer = (await service.ExecuteAsync(customer, customer.ETag, new AddLine("TSHIRT-M", 1), Ct)).Cart;
        customer = (await service.ExecuteAsync(customer, customer.ETag, new AddLine("SOCKS", 5), Ct)).Cart;
        customer = (await service.ExecuteAsync(customer, customer.ETag, new ApplyPromotionCode("take5"), Ct)).Cart;
        var (guest, _) = await service.CreateGuestAsync("EUR", null, Ct);
        guest = (await service.ExecuteAsync(guest, guest.ETag, new AddLine("TSHIRT-M", 2), Ct)).Cart;
        guest = (await service.ExecuteAsync(guest, guest.ETag, new AddLine("SOCKS", 8), Ct)).Cart;
        guest = (await service.ExecuteAsync(guest, guest.ETag, new ApplyPromotionCode("WELCOME15"), Ct)).Cart;
        guest = (await service.ExecuteAsync(guest, guest.ETag, new SetDestination(new ShippingDestination("DE", null, "10115")), Ct)).Cart;

        var merged = await service.MergeAsync(guest, guest.ETag, customerId, Ct);

        Assert.False(merged.Stale);
        Assert.Equal(customer.Cart.Id, merged.Cart.Cart.Id);
        Assert.Equal([("TSHIRT-M", 3), ("SOCKS", 10)], merged.Cart.Cart.Lines.Select(l => (l.Sku, l.Quantity)));
        Assert.Equal(["TAKE5"], merged.Cart.Cart.PromotionCodes);
        Assert.Equal(["WELCOME15"], merged.DroppedPromotionCodes);
        Assert.Equal("DE", merged.Cart.Cart.Destination!.Country);
        Assert.Equal(10997, merged.Priced.Subtotal);
        Assert.Equal(500, merged.Priced.Discount);
        Assert.Equal(590, merged.Priced.Shipping);
        Assert.Equal(11087, merged.Priced.Total);
        Assert.Null(await service.FindAsync(guest.Cart.Id, Ct));
    }

    [Fact]
    public async Task Usage_is_counted_once_per_order_and_enforces_the_per_customer_limit()
    {
        var service = Service;
        var customerId = "cust-" + Guid.NewGuid().ToString("N");

        var claimant = PromotionClaimants.Customer(customerId);
        var first = await service.RedeemAsync(["welcome15", "SAVE10"], claimant, "order-1", Ct);
        var replay = await service.RedeemAsync(["WELCOME15"], claimant, "order-1", Ct);
        var second = await service.RedeemAsync(["WELCOME15", "NOPE"], claimant, "order-2", Ct);

        Assert.Equal(RedemptionOutcome.Redeemed, first["WELCOME15"]);
        Assert.Equal(RedemptionOutcome.AlreadyRedeemed, replay["WELCOME15"]);
        Assert.Equal(RedemptionOutcome.LimitReached, second["WELCOME15"]);
        Assert.Equal(RedemptionOutcome.UnknownCode, second["NOPE"]);
        Assert.Equal(RedemptionOutcome.Redeemed, first["SAVE10"]);
        Assert.Equal(new PromotionUsage(0, 1), await Promotions.GetUsageAsync("WELCOME15", customerId, Ct)); // no total limit: no total counter
    }

    [Fact]
    public async Task Concurrent_redemptions_of_a_limited_code_succeed_exactly_max_uses_times()
    {
        var promotion = await SeedLimitedAsync(maxUses: 3, maxUsesPerCustomer: null);
        var promotions = Promotions;

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() => promotions.RedeemAsync(promotion, null, $"order-{i}", Ct), Ct)));

        Assert.Equal(3, outcomes.Count(o => o == RedemptionOutcome.Redeemed));
        Assert.Equal(13, outcomes.Count(o => o == RedemptionOutcome.LimitReached));
        Assert.Equal(3, (await promotions.GetUsageAsync(promotion.Code, null, Ct)).Total);
    }

    [Fact]
    public async Task Concurrent_redemptions_by_one_customer_of_a_once_per_customer_code_succeed_once()
    {
        var promotion = await SeedLimitedAsync(maxUses: null, maxUsesPerCustomer: 1);
        var promotions = Promotions;
        var customerId = "cust-" + Guid.NewGuid().ToString("N");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Task.Run(() => promotions.RedeemAsync(promotion, PromotionClaimants.Customer(customerId), $"order-{i}", Ct), Ct)));

        Assert.Equal(1, outcomes.Count(o => o == RedemptionOutcome.Redeemed));
        Assert.Equal(1, (await promotions.GetUsageAsync(promotion.Code, customerId, Ct)).ByCustomer);
    }

    [Fact]
    public async Task A_released_use_can_be_claimed_again_but_a_settled_one_is_never_given_back()
    {
        var promotion = await SeedLimitedAsync(maxUses: 1, maxUsesPerCustomer: 1);
        var promotions = Promotions;
        var guest = PromotionClaimants.Of(null, "ada@example.com");

        Assert.Equal(RedemptionOutcome.Redeemed, await promotions.RedeemAsync(promotion, guest, "order-declined", Ct));
        Assert.Equal(RedemptionOutcome.LimitReached, await promotions.RedeemAsync(promotion, PromotionClaimants.Of(null, "bob@example.com"), "order-b", Ct));
        await promotions.ReleaseAsync(promotion, guest, "order-declined", Ct);
        await promotions.ReleaseAsync(promotion, guest, "order-declined", Ct);
        Assert.Equal(RedemptionOutcome.Redeemed, await promotions.RedeemAsync(promotion, PromotionClaimants.Of(null, " Ada+x@Example.com"), "order-placed", Ct));
        await promotions.SettleAsync(promotion, "order-placed", Ct);
        await promotions.ReleaseAsync(promotion, null, "order-placed", Ct);

        Assert.Equal(RedemptionOutcome.LimitReached, await promotions.RedeemAsync(promotion, PromotionClaimants.Of(null, "bob@example.com"), "order-c", Ct));
        Assert.Equal(1, (await promotions.GetUsageAsync(promotion.Code, null, Ct)).Total);
    }

    [Fact]
    public async Task A_promotion_written_is_published_to_the_promotion_calendar_with_its_window_and_skus_and_an_existing_one_as_stored()
    {
        var code = "WINTER" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var (from, until) = (new DateTimeOffset(2026, 12, 5, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 12, 8, 0, 0, 0, TimeSpan.Zero));
        await Promotions.SeedAsync(new Promotion { Code = code, Kind = PromotionKind.PercentOff, PercentBasisPoints = 2_000, Skus = ["JEANS-32"], ValidFrom = from, ValidUntil = until }, Ct);
        await Promotions.SeedAsync(new Promotion { Code = code, Kind = PromotionKind.FreeShipping }, Ct);

        var calendar = Store.Container<Commerce.Contracts.PromotionWindow>(Commerce.Contracts.PromotionWindow.Container);
        var window = (await calendar.ReadAsync(code, Commerce.Contracts.PromotionWindow.Partition, Ct))?.Value;

        Assert.NotNull(window);
        Assert.Equal((code, "JEANS-32", true, from, until), (window.Code, Assert.Single(window.Skus), window.Discount, window.ValidFrom, window.ValidUntil));
        Assert.Contains((await calendar.QueryAsync(Commerce.Contracts.PromotionWindow.Partition, cancellationToken: Ct)).Items, d => d.Id == "SAVE10");
    }

    async Task<Promotion> SeedLimitedAsync(long? maxUses, long? maxUsesPerCustomer)
    {
        var promotion = new Promotion
        {
            Code = "LIMITED" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant(),
            Kind = PromotionKind.PercentOff,
            PercentBasisPoints = 1_000,
            MaxUses = maxUses,
            MaxUsesPerCustomer = maxUsesPerCustomer,
        };
        await Promotions.SeedAsync(promotion, Ct);
        return promotion;
    }

    [Fact]
    public async Task Applying_a_code_the_customer_used_up_is_refused_but_usage_is_not_counted_by_applying()
    {
        var service = Service;
        var customerId = "cust-" + Guid.NewGuid().ToString("N");
        var cart = await service.GetOrCreateCustomerCartAsync(customerId, "EUR", Ct);
        cart = (await service.ExecuteAsync(cart, cart.ETag, new ApplyPromotionCode("WELCOME15"), Ct)).Cart;
        Assert.Equal(0, (await Promotions.GetUsageAsync("WELCOME15", customerId, Ct)).ByCustomer);
        cart = (await service.ExecuteAsync(cart, cart.ETag, new RemovePromotionCode("WELCOME15"), Ct)).Cart;
        await service.RedeemAsync(["WELCOME15"], PromotionClaimants.Customer(customerId), "order-" + Guid.NewGuid().ToString("N"), Ct);

        var ex = await Assert.ThrowsAsync<CartRuleException>(() => service.ExecuteAsync(cart, cart.ETag, new ApplyPromotionCode("WELCOME15"), Ct));

        Assert.Equal(CartProblems.PromotionNotApplicable, ex.Type);
    }

    [Fact]
    public async Task Concurrent_sign_ins_get_the_same_customer_cart()
    {
        var service = Service;
        var customerId = "cust-" + Guid.NewGuid().ToString("N");

        var carts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => service.GetOrCreateCustomerCartAsync(customerId, null, Ct)));

        Assert.Single(carts.Select(c => c.Cart.Id).Distinct());
        Assert.Equal(customerId, carts[0].Cart.CustomerId);
        Assert.Null(carts[0].Cart.TokenHash);
    }
}
