using System.Diagnostics;
using System.Text.Json;
using Commerce.Cart.Domain;
using Commerce.Cart.Storage;
using Commerce.Orders.Domain;
using Commerce.Testing;

namespace Commerce.Simulator;

/// <summary>
/// The promotions a <c>--chaos</c> run races for: <see cref="Count"/> codes of <see cref="MaxUses"/> uses each (a rush
/// takes the next one), written into the dev host's document store before it starts; and the default once-per-customer
/// code, which every run has.
/// </summary>
public static class ChaosPromotions
{
    public const int Count = 40;
    public const long MaxUses = 2;
    public const string OncePerCustomer = "WELCOME15";

    public static IReadOnlyList<Promotion> Limited { get; } =
        [.. Enumerable.Range(0, Count).Select(i => new Promotion { Code = $"CHAOSLIMIT{i}", Kind = PromotionKind.PercentOff, PercentBasisPoints = 2_000, MaxUses = MaxUses, Description = "Chaos run: 20 % off, two orders in all." })];

    /// <summary>The limits the run checks: the defaults every target seeds, and the limited codes when they were seeded.</summary>
    public static IReadOnlyList<PromotionLimit> Limits(bool seeded)
        => [.. CartDefaults.Promotions.Concat(seeded ? Limited : []).Select(p => new PromotionLimit(p.Code, p.MaxUses, p.MaxUsesPerCustomer))];

    /// <summary>Writes the limited codes into the document store the dev host will open (under <paramref name="dataPath"/> for SQLite).</summary>
    public static async Task SeedAsync(DevHostDocuments documents, string dataPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(documents);
        await documents.WriteBeforeStartAsync(Path.Combine(dataPath, "documents"), async store =>
        {
            var promotions = new DocumentPromotionStore(store, TimeProvider.System);
            foreach (var promotion in Limited)
            {
                await promotions.SeedAsync(promotion, cancellationToken);
            }
        });

        // The dev host process owns the file from here on: no pooled connection of ours stays open on it.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}

/// <summary>
/// A shopper of the <c>--chaos</c> mix, added to the ordinary ones. Each round it plays the next of: a double submit (the same
/// cart POSTed twice at once under two Idempotency-Keys, the double click that mints a key per click), two tabs (the
/// same, a little apart), a promotion rush (several shoppers check out one limited code at once, or one guest under
/// differently written emails uses a once-per-customer code), a late level drop (the warehouses count less of a SKU
/// while a checkout holds it), a return (after the shipment, partial or full, sometimes delivered twice), and a cancel
/// after fulfilment was requested (the warehouse stops the shipment or ships anyway; it answers the platform's
/// cancellation request when the target asks one).
/// </summary>
public sealed class ChaosShopper(Storefront store, CheckoutLedger ledger, Warehouses warehouses, ChaosRun run, string webhookSecret, int seed, int index)
{
    /// <summary>How many behaviours a chaos shopper plays in turn; with at least this many shoppers each is played from the first round.</summary>
    public const int Behaviours = 6;

    static readonly TimeSpan ShipmentWait = TimeSpan.FromSeconds(20);
    static readonly TimeSpan HoldWait = TimeSpan.FromSeconds(3);
    readonly Random random = new(seed);
    Buyer? buyer;

    Buyer Buyer => buyer ??= Fresh();

    /// <summary>A buyer with a random source of its own, for steps that run at the same time.</summary>
    Buyer Fresh() => new(store, ledger, webhookSecret, new Random(random.Next()));

    Metrics Metrics => store.Metrics;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Each shopper plays the behaviours in turn from its own first one, so a short run (or a slow machine) still
        // plays every behaviour once there are Behaviours shoppers, whatever the seed.
        for (var round = index; !cancellationToken.IsCancellationRequested; round++)
        {
            try
            {
                await ((round % Behaviours) switch
                {
                    0 => SubmitTwiceAsync("double submits", TimeSpan.Zero, cancellationToken),
                    1 => SubmitTwiceAsync("two tabs", TimeSpan.FromMilliseconds(random.Next(20, 300)), cancellationToken),
                    2 => PromotionRushAsync(cancellationToken),
                    3 => LevelDropAsync(cancellationToken),
                    4 => ReturnAsync(cancellationToken),
                    _ => CancelAfterFulfilmentAsync(cancellationToken),
                });
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One cart, two checkouts under two keys, the second <paramref name="apart"/> after the first.</summary>
    async Task SubmitTwiceAsync(string behaviour, TimeSpan apart, CancellationToken ct)
    {
        if (await Buyer.OpenCartAsync(1, 1, null, ct) is not { } cart)
        {
            return;
        }

        Metrics.Chaos(behaviour);
        var email = $"chaos-{random.Next():x8}@example.com";
        var first = Buyer.SubmitAsync(cart, SimulatedPaymentGateway.Approve, email, Guid.NewGuid().ToString("N"), ct);
        var second = SecondAsync();
        await FollowAllAsync(await Task.WhenAll(first, second), ct);

        async Task<TrackedCheckout?> SecondAsync()
        {
            await Task.Delay(apart, ct);
            return await Buyer.SubmitAsync(cart, SimulatedPaymentGateway.Approve, email, Guid.NewGuid().ToString("N"), ct);
        }
    }

    /// <summary>
    /// Several shoppers apply one code and check out at once: a limited code (the next unused one, when seeded) with
    /// emails of their own, or the once-per-customer code as one guest writing the email differently each time.
    /// </summary>
    async Task PromotionRushAsync(CancellationToken ct)
    {
        var rush = run.Next();
        var limited = run.LimitedCodesSeeded && rush / 2 < ChaosPromotions.Count && rush % 2 == 0;
        var code = limited ? ChaosPromotions.Limited[rush / 2].Code : ChaosPromotions.OncePerCustomer;
        var guest = $"rush{rush}.guest@example.com";
        var carts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Fresh()).ToArray().Select(b => b.OpenCartAsync(1, 1, code, ct)));
        Metrics.Chaos(limited ? "promotion rushes: limited code" : "promotion rushes: once per customer");
        var checkouts = await Task.WhenAll(carts.OfType<OpenCart>().Select((cart, i) =>
            Buyer.SubmitAsync(cart, SimulatedPaymentGateway.Approve, limited ? $"rush{rush}-{i}@example.com" : Spelling(guest, i), Guid.NewGuid().ToString("N"), ct)));
        await FollowAllAsync(checkouts, ct);
    }

    /// <summary>The same email as a person types it on different devices: capitals, surrounding spaces.</summary>
    static string Spelling(string email, int variant) => (variant % 3) switch
    {
        0 => email,
        1 => email.ToUpperInvariant(),
        _ => "  " + char.ToUpperInvariant(email[0]) + email[1..] + " ",
    };

    /// <summary>A checkout holds up to two units of a SKU; once it reserves them, the warehouses lower their levels of it.</summary>
    async Task LevelDropAsync(CancellationToken ct)
    {
        if (await Buyer.OpenCartAsync(1, 2, null, ct) is not { } cart
            || await Buyer.SubmitAsync(cart, SimulatedPaymentGateway.Approve, $"chaos-{random.Next():x8}@example.com", Guid.NewGuid().ToString("N"), ct) is not { } checkout)
        {
            return;
        }

        var sku = cart.Skus[0];
        var deadline = Stopwatch.GetTimestamp() + (long)(HoldWait.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (await store.ReadStockAsync(sku, ct) is { } stock && stock.Holds.Any(h => h.OrderId == checkout.OrderId && h.State == HoldState.Held))
            {
                await warehouses.DropLevelAsync(stock, ct);
                break;
            }

            await Task.Delay(25, ct);
        }

        await FollowAllAsync([checkout], ct);
        if (await store.ReadStockAsync(sku, ct) is { } after)
        {
            run.Observe(after);
        }
    }

    /// <summary>Buys, waits for the warehouses to ship, then sends goods back.</summary>
    async Task ReturnAsync(CancellationToken ct)
    {
        if (await BuyStandingAsync(manualShipping: false, ct) is not { } checkout)
        {
            return;
        }

        var deadline = Stopwatch.GetTimestamp() + (long)(ShipmentWait.TotalSeconds * Stopwatch.Frequency);
        while (checkout.Status is not ("shipped" or "delivered") && Stopwatch.GetTimestamp() < deadline)
        {
            await Task.Delay(250, ct);
            await ObserveAsync(checkout, ct);
        }

        if (checkout.Status is "shipped" or "delivered")
        {
            await warehouses.ReturnAsync(checkout, ct);
        }
    }

    /// <summary>
    /// Buys, and once fulfilment was requested (the warehouses hold the order back) cancels it. Half the time the goods
    /// already left: the warehouse ships anyway. A target that asks the warehouses first (the order shows a
    /// <c>cancellation</c>) gets their answers; one that cancels at once has refunded whatever the warehouse does.
    /// </summary>
    async Task CancelAfterFulfilmentAsync(CancellationToken ct)
    {
        if (await BuyStandingAsync(manualShipping: true, ct) is not { } checkout)
        {
            return;
        }

        if (checkout.Status != "fulfilling")
        {
            await warehouses.ShipAsync(checkout, ct);
            return;
        }

        Metrics.Chaos("cancels after fulfilment");
        var alreadyShipped = random.Next(2) == 0;
        var cancel = await store.CallAsync("POST /api/orders/{orderId}/cancel", call => store.Api.Orders[checkout.OrderId].Cancel.PostAsync(call.Configure, ct), ct, checkout.OrderAccess);
        await ObserveAsync(checkout, ct);
        if (checkout.Status == "cancelled")
        {
            Metrics.Chaos("cancels after fulfilment: cancelled at once");
            if (alreadyShipped)
            {
                await warehouses.ShipAsync(checkout, ct);
            }
        }
        else if (checkout.Order?.Cancellation is not null)
        {
            Metrics.Chaos(alreadyShipped ? "cancels after fulfilment: warehouse answered already shipped" : "cancels after fulfilment: warehouse stopped the shipment");
            if (!await warehouses.AnswerCancellationAsync(checkout, alreadyShipped, ct))
            {
                Metrics.Chaos("cancels after fulfilment: answer not taken");
            }
        }
        else
        {
            Metrics.Chaos($"cancels after fulfilment: answered {cancel.Status}, order {checkout.Status}");
            await warehouses.ShipAsync(checkout, ct);
        }
    }

    /// <summary>An approved one-line checkout followed to the end of its saga; null unless its order stands.</summary>
    async Task<TrackedCheckout?> BuyStandingAsync(bool manualShipping, CancellationToken ct)
    {
        if (await Buyer.OpenCartAsync(random.Next(1, 3), 2, null, ct) is not { } cart
            || await Buyer.SubmitAsync(cart, SimulatedPaymentGateway.Approve, $"chaos-{random.Next():x8}@example.com", Guid.NewGuid().ToString("N"), ct) is not { } checkout)
        {
            return null;
        }

        checkout.ManualShipping = manualShipping;
        await Buyer.FollowAsync(checkout, ct);
        return OrderStatuses.IsSold(checkout.Status) ? checkout : null;
    }

    async Task ObserveAsync(TrackedCheckout checkout, CancellationToken ct)
    {
        if ((await store.ReadOrderAsync(checkout, ct)).Body is { } view)
        {
            ledger.Observe(checkout, view);
        }
    }

    Task FollowAllAsync(IEnumerable<TrackedCheckout?> checkouts, CancellationToken ct)
        => Task.WhenAll(checkouts.OfType<TrackedCheckout>().DistinctBy(c => c.OrderId).Select(c => (Checkout: c, Buyer: Fresh())).ToArray().Select(f => f.Buyer.FollowAsync(f.Checkout, ct)));
}

/// <summary>
/// What a run's chaos shoppers share: the number of the next promotion rush (each limited code is raced for once), and
/// the stock violations seen during the run (a negative on hand is overwritten by the next absolute level a warehouse
/// pushes, so the end-of-run read alone could miss it).
/// </summary>
public sealed class ChaosRun(bool limitedCodesSeeded)
{
    readonly System.Collections.Concurrent.ConcurrentQueue<string> stockViolations = new();
    int next = -1;

    public bool LimitedCodesSeeded => limitedCodesSeeded;

    public IReadOnlyCollection<string> StockViolations => stockViolations;

    public int Next() => Interlocked.Increment(ref next);

    /// <summary>Checks a SKU's stock as read during the run (on hand never negative, reserved within on hand and its holds).</summary>
    public void Observe(StockDocument stock)
    {
        foreach (var violation in Invariants.CheckStock(new Dictionary<string, StockDocument?> { [stock.Sku] = stock }, new Dictionary<string, long>(), new Dictionary<string, long>()))
        {
            stockViolations.Enqueue(violation + " (during the run)");
        }
    }
}
