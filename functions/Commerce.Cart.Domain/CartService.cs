using Commerce.Contracts;

namespace Commerce.Cart.Domain;

/// <summary>
/// The cart use cases over the ports: create, read priced, change under an ETag, merge on sign-in, and claim, release and settle
/// promotion uses for orders. Guest carts are written with the configured time to live on every write. A SKU in a live
/// price experiment is priced at the cart's shopper's variant (<see cref="ShoppingCart.ShopperId"/>), as the catalog
/// shows it to them; checkout re-prices through here, so it charges that price too.
/// </summary>
public sealed class CartService(ICartRepository carts, ICatalogReader catalog, IPromotionStore promotions, PricingTables tables, CartOptions options, TimeProvider clock, LivePriceExperiments experiments)
{
    /// <summary>A new guest cart; <paramref name="sessionId"/> is the storefront session it was created in (<see cref="ShoppingCart.SessionId"/>).</summary>
    public async Task<(StoredCart Cart, string Token)> CreateGuestAsync(string? currency, string? sessionId = null, CancellationToken cancellationToken = default)
    {
        var token = CartTokens.NewToken();
        var cart = NewCart(CartTokens.NewCartId(), currency) with { TokenHash = CartTokens.Hash(token), SessionId = ExperimentShoppers.Of(null, sessionId) is null ? null : sessionId };
        var stored = await carts.CreateAsync(cart, options.GuestCartTimeToLive, cancellationToken)
            ?? throw new InvalidOperationException("A fresh random cart id collided.");
        return (stored, token);
    }

    /// <summary>The customer's cart, created (in <paramref name="currency"/>) when they have none.</summary>
    public async Task<StoredCart> GetOrCreateCustomerCartAsync(string customerId, string? currency, CancellationToken cancellationToken = default)
    {
        var id = CartTokens.CustomerCartId(customerId);
        while (true)
        {
            if (await carts.FindAsync(id, cancellationToken) is { } existing)
            {
                return existing;
            }

            if (await carts.CreateAsync(NewCart(id, currency) with { CustomerId = customerId }, null, cancellationToken) is { } created)
            {
                return created;
            }
        }
    }

    public Task<StoredCart?> FindAsync(string id, CancellationToken cancellationToken = default) => carts.FindAsync(id, cancellationToken);

    public Task<PricedCart> PriceAsync(ShoppingCart cart, CancellationToken cancellationToken = default)
        => PriceAsync(cart, latestExperiments: false, cancellationToken);

    /// <summary>
    /// The cart priced as checkout charges it: like <see cref="PriceAsync(ShoppingCart, CancellationToken)"/>, with the
    /// price experiments running now rather than as this app last read them, so the charge does not depend on which app
    /// read them last.
    /// </summary>
    public Task<PricedCart> PriceForCheckoutAsync(ShoppingCart cart, CancellationToken cancellationToken = default)
        => PriceAsync(cart, latestExperiments: true, cancellationToken);

    async Task<PricedCart> PriceAsync(ShoppingCart cart, bool latestExperiments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cart);
        var skus = cart.Lines.Select(l => l.Sku).ToList();
        var snapshots = SkusAsync(cart, skus, latestExperiments, cancellationToken);
        var available = catalog.GetAvailableAsync(skus, cancellationToken);
        var lookups = await Task.WhenAll(cart.PromotionCodes.Select(code => LookupAsync(code, cart.CustomerId, cancellationToken)));
        return CartPricer.Price(cart, await snapshots, await available, lookups, tables, clock.GetUtcNow());
    }

    /// <summary>
    /// Applies <paramref name="command"/> if the cart's ETag is still <paramref name="ifMatch"/>; otherwise returns the
    /// current cart marked stale and writes nothing. Broken rules throw <see cref="CartRuleException"/>.
    /// </summary>
    public async Task<CartResult> ExecuteAsync(StoredCart current, string ifMatch, CartCommand command, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        if (!string.Equals(current.ETag, ifMatch, StringComparison.Ordinal))
        {
            return await StaleAsync(current, cancellationToken);
        }

        var cart = current.Cart;
        var now = clock.GetUtcNow();
        var changes = new List<CartLineChanged>();
        var next = command switch
        {
            AddLine { Quantity: < 1 } => throw new CartRuleException(CartProblems.QuantityLimit, "The quantity is out of range.", "Add at least one unit."),
            AddLine add => await WithQuantityAsync(cart, add.Sku, (long)(cart.Line(add.Sku)?.Quantity ?? 0) + add.Quantity, now, changes, cancellationToken),
            SetQuantity set when cart.Line(set.Sku) is null => throw LineMissing(),
            SetQuantity set => await WithQuantityAsync(cart, set.Sku, set.Quantity, now, changes, cancellationToken),
            RemoveLine remove => Removed(cart, remove.Sku, now, changes),
            ApplyPromotionCode apply => await WithCodeAsync(cart, Promotion.NormalizeCode(apply.Code), now, cancellationToken),
            RemovePromotionCode remove => cart with { PromotionCodes = cart.PromotionCodes.Where(c => c != Promotion.NormalizeCode(remove.Code)).ToList(), UpdatedAt = now },
            SetDestination destination => WithDestination(cart, destination.Destination, now),
            _ => throw new ArgumentOutOfRangeException(nameof(command)),
        };

        var written = await carts.ReplaceAsync(next, ifMatch, TimeToLive(next), cancellationToken);
        return written is not null
            ? new CartResult(written, await PriceAsync(written.Cart, cancellationToken), false, changes)
            : await StaleAsync(await carts.FindAsync(cart.Id, cancellationToken) ?? throw Gone(), cancellationToken);
    }

    /// <summary>
    /// Merges a guest cart into the customer's cart on sign-in, then deletes the guest cart. Same SKU in both: the
    /// quantities add up, capped at the per-line limit; the customer's line keeps its price-when-added. Codes: the
    /// union, except codes unknown, expired, used up by this customer, or not combinable with the customer's own codes
    /// (reported as dropped). Destination: the customer's, else the guest's. The customer cart keeps its currency
    /// (the guest's when the customer cart is empty); lines not sold in it are dropped.
    /// </summary>
    public async Task<CartResult> MergeAsync(StoredCart guest, string ifMatch, string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(guest);
        if (!string.Equals(guest.ETag, ifMatch, StringComparison.Ordinal))
        {
            return await StaleAsync(guest, cancellationToken);
        }

        var target = await GetOrCreateCustomerCartAsync(customerId, guest.Cart.Currency, cancellationToken);
        var skus = await catalog.GetSkusAsync(guest.Cart.Lines.Select(l => l.Sku).ToList(), cancellationToken);
        var dropped = new List<string>();
        for (var attempt = 1; ; attempt++)
        {
            var (merged, droppedNow) = await MergedAsync(target.Cart, guest.Cart, skus, cancellationToken);
            var written = await carts.ReplaceAsync(merged, target.ETag, null, cancellationToken);
            if (written is not null)
            {
                dropped.AddRange(droppedNow);
                await carts.DeleteAsync(guest.Cart.Id, guest.ETag, cancellationToken);
                return new CartResult(written, await PriceAsync(written.Cart, cancellationToken), false, [], dropped);
            }

            if (attempt == 10)
            {
                throw new CartRuleException("cart/busy", "The customer's cart keeps changing; retry the merge.", null, 409);
            }

            target = await GetOrCreateCustomerCartAsync(customerId, guest.Cart.Currency, cancellationToken);
        }
    }

    /// <summary>
    /// Claims one use of each code for an order, all or nothing: when one is refused (limit reached, or the code is gone)
    /// the uses already claimed for the order are given back. Idempotent per order. <paramref name="claimant"/>: a
    /// <see cref="PromotionClaimants"/> key.
    /// </summary>
    /// <summary>
    /// Removes a cart an order now stands for (<see cref="Commerce.Contracts.CartCheckedOut"/>). A concurrent change
    /// between the read and the delete is retried; a cart already gone is removed.
    /// </summary>
    public async Task RemoveCheckedOutAsync(string cartId, CancellationToken cancellationToken = default)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            if (await carts.FindAsync(cartId, cancellationToken) is not { } stored || await carts.DeleteAsync(cartId, stored.ETag, cancellationToken))
            {
                return;
            }
        }

        throw new InvalidOperationException($"Cart {cartId} kept changing while it was removed after checkout.");
    }

    public async Task<IReadOnlyDictionary<string, RedemptionOutcome>> RedeemAsync(IEnumerable<string> codes, string? claimant, string orderId, CancellationToken cancellationToken = default)
    {
        var outcomes = new Dictionary<string, RedemptionOutcome>(StringComparer.Ordinal);
        var claimed = new List<Promotion>();
        foreach (var code in codes.Select(Promotion.NormalizeCode).Distinct())
        {
            var promotion = await promotions.FindAsync(code, cancellationToken);
            outcomes[code] = promotion is null ? RedemptionOutcome.UnknownCode : await promotions.RedeemAsync(promotion, claimant, orderId, cancellationToken);
            if (promotion is not null && outcomes[code] is RedemptionOutcome.Redeemed or RedemptionOutcome.AlreadyRedeemed)
            {
                claimed.Add(promotion);
            }
        }

        if (claimed.Count < outcomes.Count)
        {
            foreach (var promotion in claimed)
            {
                await promotions.ReleaseAsync(promotion, claimant, orderId, cancellationToken);
            }
        }

        return outcomes;
    }

    /// <summary>Gives back the uses an order claimed (its checkout failed); idempotent.</summary>
    public Task ReleaseAsync(IEnumerable<string> codes, string? claimant, string orderId, CancellationToken cancellationToken = default)
        => ForEachPromotionAsync(codes, (promotion, ct) => promotions.ReleaseAsync(promotion, claimant, orderId, ct), cancellationToken);

    /// <summary>Keeps the uses an order claimed for good (the order stands); idempotent.</summary>
    public Task SettleAsync(IEnumerable<string> codes, string orderId, CancellationToken cancellationToken = default)
        => ForEachPromotionAsync(codes, (promotion, ct) => promotions.SettleAsync(promotion, orderId, ct), cancellationToken);

    async Task ForEachPromotionAsync(IEnumerable<string> codes, Func<Promotion, CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        foreach (var code in codes.Select(Promotion.NormalizeCode).Distinct())
        {
            if (await promotions.FindAsync(code, cancellationToken) is { } promotion)
            {
                await action(promotion, cancellationToken);
            }
        }
    }

    async Task<(ShoppingCart Cart, List<string> Dropped)> MergedAsync(ShoppingCart target, ShoppingCart guest, IReadOnlyDictionary<string, SkuSnapshot> skus, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var currency = target.Lines.Count == 0 ? guest.Currency : target.Currency;
        var lines = target.Lines.ToList();
        if (currency != target.Currency)
        {
            lines.Clear();
        }

        foreach (var line in guest.Lines)
        {
            var index = lines.FindIndex(l => l.Sku == line.Sku);
            var price = currency == guest.Currency ? line.UnitPriceWhenAdded : skus.GetValueOrDefault(line.Sku)?.PriceIn(currency)?.Minor;
            if (index >= 0)
            {
                lines[index] = lines[index] with { Quantity = Math.Min(options.Limits.MaxQuantityPerLine, lines[index].Quantity + line.Quantity) };
            }
            else if (price is not null && lines.Count < options.Limits.MaxLines)
            {
                lines.Add(line with { UnitPriceWhenAdded = price.Value });
            }
        }

        var merged = target with { Currency = currency, Lines = lines, Destination = target.Destination ?? guest.Destination, UpdatedAt = now };
        var kept = new List<Promotion>();
        var dropped = new List<string>();
        foreach (var code in target.PromotionCodes.Concat(guest.PromotionCodes).Distinct())
        {
            var lookup = await LookupAsync(code, target.CustomerId, cancellationToken);
            var reason = lookup.Promotion is null ? "unknown-code" : PromotionEligibility.WhyNot(lookup.Promotion, currency, long.MaxValue, now, lookup.Usage);
            if (reason is null && PromotionStacking.CanCombine(lookup.Promotion!, kept) && kept.Count < options.Limits.MaxPromotionCodes)
            {
                kept.Add(lookup.Promotion!);
            }
            else
            {
                dropped.Add(code);
            }
        }

        return (merged with { PromotionCodes = kept.Select(p => p.Code).ToList() }, dropped);
    }

    async Task<ShoppingCart> WithQuantityAsync(ShoppingCart cart, string sku, long quantity, DateTimeOffset now, List<CartLineChanged> changes, CancellationToken cancellationToken)
    {
        var snapshot = (await SkusAsync(cart, [sku], latestExperiments: false, cancellationToken)).GetValueOrDefault(sku);
        var price = snapshot is { Status: SkuStatus.Active } ? snapshot.PriceIn(cart.Currency) : null;
        if (price is null)
        {
            throw new CartRuleException(CartProblems.SkuUnavailable, "The SKU cannot be sold in this cart.", $"'{sku}' is unknown, not active, or has no price in {cart.Currency}.");
        }

        var existing = cart.Line(sku);
        var next = cart.WithQuantity(sku, (int)Math.Clamp(quantity, 0, int.MaxValue), existing?.UnitPriceWhenAdded ?? price.Value.Minor, now, options.Limits);
        changes.Add(new CartLineChanged(cart.Id, cart.CustomerId, sku, (int)quantity - (existing?.Quantity ?? 0), price.Value.Minor, cart.Currency));
        return next;
    }

    static ShoppingCart Removed(ShoppingCart cart, string sku, DateTimeOffset now, List<CartLineChanged> changes)
    {
        var line = cart.Line(sku) ?? throw LineMissing();
        changes.Add(new CartLineChanged(cart.Id, cart.CustomerId, sku, -line.Quantity, line.UnitPriceWhenAdded, cart.Currency));
        return cart.WithoutLine(sku, now);
    }

    async Task<ShoppingCart> WithCodeAsync(ShoppingCart cart, string code, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (cart.PromotionCodes.Contains(code))
        {
            return cart;
        }

        var lookup = await LookupAsync(code, cart.CustomerId, cancellationToken);
        var promotion = lookup.Promotion ?? throw new CartRuleException(CartProblems.PromotionUnknown, "The promotion code is not known.");
        var reason = PromotionEligibility.WhyNot(promotion, cart.Currency, long.MaxValue, now, lookup.Usage);
        if (reason is not null)
        {
            throw new CartRuleException(CartProblems.PromotionNotApplicable, "The promotion code cannot be used.", reason);
        }

        var others = await Task.WhenAll(cart.PromotionCodes.Select(c => promotions.FindAsync(c, cancellationToken)));
        if (!PromotionStacking.CanCombine(promotion, others.OfType<Promotion>()))
        {
            throw new CartRuleException(CartProblems.PromotionNotCombinable, "The promotion code does not combine with the codes already applied.", null, 409);
        }

        if (cart.PromotionCodes.Count >= options.Limits.MaxPromotionCodes)
        {
            throw new CartRuleException(CartProblems.PromotionNotApplicable, "The cart holds the most promotion codes it can.", null, 409);
        }

        return cart with { PromotionCodes = [.. cart.PromotionCodes, code], UpdatedAt = now };
    }

    ShoppingCart WithDestination(ShoppingCart cart, ShippingDestination destination, DateTimeOffset now)
        => tables.Zone(destination.Country) is null
            ? throw new CartRuleException(CartProblems.DestinationNotServed, "The cart cannot ship to this country.", destination.Country)
            : cart with { Destination = destination, UpdatedAt = now };

    /// <summary>The SKUs' snapshots as the cart's shopper sees them (their variant's prices in a live experiment).</summary>
    async Task<IReadOnlyDictionary<string, SkuSnapshot>> SkusAsync(ShoppingCart cart, IReadOnlyCollection<string> skus, bool latestExperiments, CancellationToken cancellationToken)
    {
        var snapshots = catalog.GetSkusAsync(skus, cancellationToken);
        var live = cart.ShopperId is null ? []
            : latestExperiments ? await experiments.LatestAsync(cancellationToken)
            : await experiments.LiveAsync(cancellationToken);
        return LivePriceExperiments.Reprice(await snapshots, live, cart.ShopperId);
    }

    async Task<PromotionLookup> LookupAsync(string code, string? customerId, CancellationToken cancellationToken)
    {
        var promotion = await promotions.FindAsync(code, cancellationToken);
        var usage = promotion is null ? new PromotionUsage(0, 0) : await promotions.GetUsageAsync(code, customerId, cancellationToken);
        return new PromotionLookup(code, promotion, usage);
    }

    async Task<CartResult> StaleAsync(StoredCart current, CancellationToken cancellationToken)
        => new(current, await PriceAsync(current.Cart, cancellationToken), true, []);

    ShoppingCart NewCart(string id, string? currency)
    {
        var now = clock.GetUtcNow();
        var code = string.IsNullOrWhiteSpace(currency) ? options.DefaultCurrency : currency.Trim().ToUpperInvariant();
        return Currencies.IsSupported(code)
            ? new ShoppingCart { Id = id, Currency = code, CreatedAt = now, UpdatedAt = now }
            : throw new CartRuleException(CartProblems.CurrencyUnsupported, "The currency is not supported.", currency);
    }

    TimeSpan? TimeToLive(ShoppingCart cart) => cart.IsGuest ? options.GuestCartTimeToLive : null;

    /// <summary>The cart expired or was merged away while the request ran.</summary>
    static CartRuleException Gone() => new(CartProblems.CartNotFound, "No such cart.", null, 404);

    static CartRuleException LineMissing() => new(CartProblems.LineNotFound, "The cart has no line for this SKU.", null, 404);
}
