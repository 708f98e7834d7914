using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Commerce.Orders.Domain;

namespace Commerce.Simulator;

/// <summary>
/// A shopper's purchase: a guest cart, one to three stocked SKUs, sometimes a promotion code (valid or mistyped), then
/// <c>POST /api/checkout</c> with an Idempotency-Key, a test card and an email of its own, polling the order until the
/// saga ends. The chaos shoppers reuse its steps (open a cart, submit, follow). A card that
/// needs a customer action is approved or declined through the signed payment webhook, as the provider would, or left
/// unanswered (the checkout stays in flight).
/// </summary>
public sealed class Buyer(Storefront store, CheckoutLedger ledger, string webhookSecret, Random random)
{
    static readonly string[] Codes = ["SAVE10", "TAKE5", "SHIPFREE", "3FOR2", "WELCOME15", "SAVE1O", "FREESHIP"];
    static readonly TimeSpan PollFor = TimeSpan.FromSeconds(60);

    public async Task BuyAsync(CancellationToken ct)
    {
        var code = random.Next(10) < 4 ? Codes[random.Next(Codes.Length)] : null;
        if (await OpenCartAsync(random.Next(1, 4), 2, code, ct) is not { } cart)
        {
            return;
        }

        await store.SendAsync("GET /api/carts/{id}", HttpMethod.Get, $"/api/carts/{cart.CartId}", null, ct, cart.Auth);
        var card = random.Next(100) switch
        {
            < 70 => SimulatedPaymentGateway.Approve,
            < 85 => SimulatedPaymentGateway.Decline,
            _ => SimulatedPaymentGateway.RequiresAction,
        };
        var key = Guid.NewGuid().ToString("N");
        var email = $"shopper-{random.Next():x8}@example.com";
        if (await SubmitAsync(cart, card, email, key, ct) is not { } checkout)
        {
            return;
        }

        if (random.Next(20) == 0)
        {
            // A client retry after a lost response: the same key must name the same order.
            var again = await store.SendAsync("POST /api/checkout", HttpMethod.Post, "/api/checkout", CheckoutBody(cart, card, email), ct, new Dictionary<string, string> { ["Idempotency-Key"] = key });
            if (again.Status == 202 && again.Text("orderId") != checkout.OrderId)
            {
                store.Metrics.Violation($"idempotency: key {key} answered {checkout.OrderId} then {again.Text("orderId")}");
            }
        }

        await FollowAsync(checkout, ct);
    }

    /// <summary>A guest cart with <paramref name="lines"/> stocked SKUs (1 to <paramref name="maxQuantity"/> units each) and, when given, a promotion code; null when the cart app did not create it.</summary>
    public async Task<OpenCart?> OpenCartAsync(int lines, int maxQuantity, string? code, CancellationToken ct)
    {
        if (store.StockedSkus.Count == 0)
        {
            return null;
        }

        var created = await store.SendAsync("POST /api/carts", HttpMethod.Post, "/api/carts", new { currency = "USD" }, ct);
        if (created.Text("cartId") is not { } cartId || created.Text("cartToken") is not { } token || created.ETag is not { } etag)
        {
            return null;
        }

        var auth = new Dictionary<string, string> { ["X-Cart-Token"] = token };
        var skus = new List<string>();
        for (; lines > 0; lines--)
        {
            var sku = store.StockedSkus[random.Next(store.StockedSkus.Count)];
            var added = await store.SendAsync("POST /api/carts/{id}/items", HttpMethod.Post, $"/api/carts/{cartId}/items", new { sku, quantity = random.Next(1, maxQuantity + 1) }, ct, With(auth, etag));
            etag = added.ETag ?? etag;
            skus.Add(sku);
        }

        if (code is not null)
        {
            var applied = await store.SendAsync("POST /api/carts/{id}/promotions", HttpMethod.Post, $"/api/carts/{cartId}/promotions", new { code }, ct, With(auth, etag));
            etag = applied.ETag ?? etag;
        }

        return new OpenCart(cartId, token, etag, skus);
    }

    /// <summary><c>POST /api/checkout</c> of the cart under <paramref name="idempotencyKey"/>; the accepted checkout (202), tracked in the ledger, or null.</summary>
    public async Task<TrackedCheckout?> SubmitAsync(OpenCart cart, string card, string email, string idempotencyKey, CancellationToken ct)
    {
        var accepted = await store.SendAsync("POST /api/checkout", HttpMethod.Post, "/api/checkout", CheckoutBody(cart, card, email), ct, new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey });
        return accepted.Status == 202 && accepted.Text("orderId") is { } orderId && accepted.Text("orderToken") is { } orderToken
            ? ledger.Accept(orderId, card, cart.CartId, email, orderToken)
            : null;
    }

    static object CheckoutBody(OpenCart cart, string card, string email) => new
    {
        cartId = cart.CartId,
        cartToken = cart.Token,
        email,
        shippingAddress = new { name = "Sim Shopper", line1 = "1 Main St", city = "Springfield", region = "IL", postalCode = "62701", country = "US" },
        paymentToken = card,
    };

    /// <summary>Polls the status URL until the checkout's saga ends (or <see cref="PollFor"/> passes: it stays in flight, re-read at the end).</summary>
    public async Task FollowAsync(TrackedCheckout checkout, CancellationToken ct)
    {
        var answeredAction = false;
        var deadline = Stopwatch.GetTimestamp() + (long)(PollFor.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && !OrderStatuses.SagaEnded(checkout.Status))
        {
            await Task.Delay(100, ct);
            var view = await store.SendAsync("GET /api/orders/{orderId}", HttpMethod.Get, $"/api/orders/{checkout.OrderId}", null, ct, checkout.OrderAccess);
            if (view.Json is not { ValueKind: JsonValueKind.Object } json || !view.IsSuccess)
            {
                continue;
            }

            ledger.Observe(checkout, json);
            if (!answeredAction && view.Text("stage") == "awaiting_payment_action")
            {
                answeredAction = true;
                var outcome = random.Next(10) switch
                {
                    < 7 => "approved",
                    < 9 => "declined",
                    _ => null, // the customer walks away: the saga's action timeout ends it
                };
                if (outcome is not null)
                {
                    await CompleteActionAsync(checkout.OrderId, outcome, ct);
                }
            }
        }
    }

    /// <summary>The provider's signed webhook: the customer completed (or refused) the payment action.</summary>
    async Task CompleteActionAsync(string orderId, string outcome, CancellationToken ct)
    {
        var now = DateTimeOffset.UtcNow;
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            PaymentProviderEvent.ActionCompleted("evt_" + Guid.NewGuid().ToString("N"), orderId, SimulatedPaymentGateway.AuthorizationIdFor(orderId), outcome == "approved", now),
            JsonSerializerOptions.Web);
        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var signature = new Dictionary<string, string> { [WebhookSignature.Header] = WebhookSignature.Sign(webhookSecret, now, payload) };
        await store.SendContentAsync("POST /api/payments/webhook", HttpMethod.Post, "/api/payments/webhook", content, ct, signature);
    }

    static Dictionary<string, string> With(IReadOnlyDictionary<string, string> headers, string etag) => new(headers) { ["If-Match"] = etag };
}

/// <summary>A guest cart ready for checkout: its id, token, last ETag and the SKUs put in it.</summary>
public sealed record OpenCart(string CartId, string Token, string ETag, IReadOnlyList<string> Skus)
{
    public IReadOnlyDictionary<string, string> Auth { get; } = new Dictionary<string, string> { ["X-Cart-Token"] = Token };
}
