using System.Diagnostics;
using System.Text.Json;
using Commerce.Client.Models;
using Commerce.Orders.Domain;
using CheckoutRequest = Commerce.Client.Models.CheckoutRequest;
using PaymentProviderEvent = Commerce.Orders.Domain.PaymentProviderEvent;
using ShippingAddress = Commerce.Client.Models.ShippingAddress;

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

        await store.CallAsync("GET /api/carts/{id}", call => store.Api.Carts[cart.CartId].GetAsync(call.Configure, ct), ct, cart.Auth);
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
            var again = await CheckoutAsync(cart, card, email, key, ct);
            if (again.Status == 202 && again.Body?.OrderId != checkout.OrderId)
            {
                store.Metrics.Violation($"idempotency: key {key} answered {checkout.OrderId} then {again.Body?.OrderId}");
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

        var created = await store.CallAsync("POST /api/carts", call => store.Api.Carts.PostAsync(new CreateCartRequest { Currency = "USD" }, call.Configure, ct), ct);
        if (created.Body?.CartId is not { } cartId || created.Body.CartToken is not { } token || created.ETag is not { } etag)
        {
            return null;
        }

        var auth = new Dictionary<string, string> { ["X-Cart-Token"] = token };
        var skus = new List<string>();
        for (; lines > 0; lines--)
        {
            var sku = store.StockedSkus[random.Next(store.StockedSkus.Count)];
            var item = new AddItemRequest { Sku = sku, Quantity = random.Next(1, maxQuantity + 1) };
            var added = await store.CallAsync("POST /api/carts/{id}/items", call => store.Api.Carts[cartId].Items.PostAsync(item, call.Configure, ct), ct, With(auth, etag));
            etag = added.ETag ?? etag;
            skus.Add(sku);
        }

        if (code is not null)
        {
            var applied = await store.CallAsync("POST /api/carts/{id}/promotions", call => store.Api.Carts[cartId].Promotions.PostAsync(new PromotionCodeRequest { Code = code }, call.Configure, ct), ct, With(auth, etag));
            etag = applied.ETag ?? etag;
        }

        return new OpenCart(cartId, token, etag, skus);
    }

    /// <summary><c>POST /api/checkout</c> of the cart under <paramref name="idempotencyKey"/>; the accepted checkout (202), tracked in the ledger, or null.</summary>
    public async Task<TrackedCheckout?> SubmitAsync(OpenCart cart, string card, string email, string idempotencyKey, CancellationToken ct)
    {
        var accepted = await CheckoutAsync(cart, card, email, idempotencyKey, ct);
        return accepted.Status == 202 && accepted.Body?.OrderId is { } orderId && accepted.Body.OrderToken is { } orderToken
            ? ledger.Accept(orderId, card, cart.CartId, email, orderToken)
            : null;
    }

    Task<Reply<CheckoutAccepted>> CheckoutAsync(OpenCart cart, string card, string email, string idempotencyKey, CancellationToken ct)
    {
        var body = new CheckoutRequest
        {
            CartId = cart.CartId,
            CartToken = cart.Token,
            Email = email,
            ShippingAddress = new ShippingAddress { Name = "Sim Shopper", Line1 = "1 Main St", City = "Springfield", Region = "IL", PostalCode = "62701", Country = "US" },
            PaymentToken = card,
        };
        return store.CallAsync("POST /api/checkout", call => store.Api.Checkout.PostAsync(body, call.Configure, ct), ct, new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey });
    }

    /// <summary>Polls the status URL until the checkout's saga ends (or <see cref="PollFor"/> passes: it stays in flight, re-read at the end).</summary>
    public async Task FollowAsync(TrackedCheckout checkout, CancellationToken ct)
    {
        var answeredAction = false;
        var deadline = Stopwatch.GetTimestamp() + (long)(PollFor.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && !OrderStatuses.SagaEnded(checkout.Status))
        {
            await Task.Delay(100, ct);
            if (await store.ReadOrderAsync(checkout, ct) is not { Body: { } view })
            {
                continue;
            }

            ledger.Observe(checkout, view);
            if (!answeredAction && view.Stage == "awaiting_payment_action")
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
        var signature = new Dictionary<string, string> { [WebhookSignature.Header] = WebhookSignature.Sign(webhookSecret, now, payload) };
        await store.CallAsync(
            "POST /api/payments/webhook",
            call =>
            {
                // The signature covers these exact bytes: the generated request, with the signed payload as its body.
                var request = store.Api.Payments.Webhook.ToPostRequestInformation(new Commerce.Client.Models.PaymentProviderEvent(), call.Configure);
                request.SetStreamContent(new MemoryStream(payload), "application/json");
                return store.Adapter.SendNoContentAsync(request, cancellationToken: ct);
            },
            ct,
            signature);
    }

    static Dictionary<string, string> With(IReadOnlyDictionary<string, string> headers, string etag) => new(headers) { ["If-Match"] = etag };
}

/// <summary>A guest cart ready for checkout: its id, token, last ETag and the SKUs put in it.</summary>
public sealed record OpenCart(string CartId, string Token, string ETag, IReadOnlyList<string> Skus)
{
    public IReadOnlyDictionary<string, string> Auth { get; } = new Dictionary<string, string> { ["X-Cart-Token"] = Token };
}
