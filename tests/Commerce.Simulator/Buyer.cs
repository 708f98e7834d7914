using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Commerce.Orders.Domain;

namespace Commerce.Simulator;

/// <summary>
/// A shopper's purchase: a guest cart, one to three stocked SKUs, sometimes a promotion code (valid or mistyped), then
/// <c>POST /api/checkout</c> with an Idempotency-Key and a test card, polling the order until the saga ends. A card that
/// needs a customer action is approved or declined through the signed payment webhook, as the provider would, or left
/// unanswered (the checkout stays in flight).
/// </summary>
public sealed class Buyer(Storefront store, CheckoutLedger ledger, string webhookSecret, Random random)
{
    static readonly string[] Codes = ["SAVE10", "TAKE5", "SHIPFREE", "3FOR2", "WELCOME15", "SAVE1O", "FREESHIP"];
    static readonly TimeSpan PollFor = TimeSpan.FromSeconds(60);

    public async Task BuyAsync(CancellationToken ct)
    {
        if (store.StockedSkus.Count == 0)
        {
            return;
        }

        var created = await store.SendAsync("POST /api/carts", HttpMethod.Post, "/api/carts", new { currency = "USD" }, ct);
        if (created.Text("cartId") is not { } cartId || created.Text("cartToken") is not { } token || created.ETag is not { } etag)
        {
            return;
        }

        var auth = new Dictionary<string, string> { ["X-Cart-Token"] = token };
        for (var lines = random.Next(1, 4); lines > 0; lines--)
        {
            var sku = store.StockedSkus[random.Next(store.StockedSkus.Count)];
            var added = await store.SendAsync("POST /api/carts/{id}/items", HttpMethod.Post, $"/api/carts/{cartId}/items", new { sku, quantity = random.Next(1, 3) }, ct, With(auth, etag));
            etag = added.ETag ?? etag;
        }

        if (random.Next(10) < 4)
        {
            var code = Codes[random.Next(Codes.Length)];
            var applied = await store.SendAsync("POST /api/carts/{id}/promotions", HttpMethod.Post, $"/api/carts/{cartId}/promotions", new { code }, ct, With(auth, etag));
            etag = applied.ETag ?? etag;
        }

        await store.SendAsync("GET /api/carts/{id}", HttpMethod.Get, $"/api/carts/{cartId}", null, ct, auth);
        var card = random.Next(100) switch
        {
            < 70 => SimulatedPaymentGateway.Approve,
            < 85 => SimulatedPaymentGateway.Decline,
            _ => SimulatedPaymentGateway.RequiresAction,
        };
        var key = Guid.NewGuid().ToString("N");
        var body = new
        {
            cartId,
            cartToken = token,
            email = $"shopper-{random.Next(100_000)}@example.com",
            shippingAddress = new { name = "Sim Shopper", line1 = "1 Main St", city = "Springfield", region = "IL", postalCode = "62701", country = "US" },
            paymentToken = card,
        };
        var idempotency = new Dictionary<string, string> { ["Idempotency-Key"] = key };
        var accepted = await store.SendAsync("POST /api/checkout", HttpMethod.Post, "/api/checkout", body, ct, idempotency);
        if (accepted.Status != 202 || accepted.Text("orderId") is not { } orderId)
        {
            return;
        }

        var checkout = ledger.Accept(orderId, card);
        if (random.Next(20) == 0)
        {
            // A client retry after a lost response: the same key must name the same order.
            var again = await store.SendAsync("POST /api/checkout", HttpMethod.Post, "/api/checkout", body, ct, idempotency);
            if (again.Status == 202 && again.Text("orderId") != orderId)
            {
                store.Metrics.Violation($"idempotency: key {key} answered {orderId} then {again.Text("orderId")}");
            }
        }

        await FollowAsync(checkout, ct);
    }

    /// <summary>Polls the status URL until the checkout ends (or <see cref="PollFor"/> passes: it stays in flight, re-read at the end).</summary>
    async Task FollowAsync(TrackedCheckout checkout, CancellationToken ct)
    {
        var answeredAction = false;
        var deadline = Stopwatch.GetTimestamp() + (long)(PollFor.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline && !OrderStatuses.IsTerminal(checkout.Status))
        {
            await Task.Delay(100, ct);
            var view = await store.SendAsync("GET /api/orders/{orderId}", HttpMethod.Get, $"/api/orders/{checkout.OrderId}", null, ct);
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
        var payload = JsonSerializer.SerializeToUtf8Bytes(
            new PaymentWebhookEvent(PaymentWebhookEvent.ActionCompleted, orderId, SimulatedPaymentGateway.AuthorizationIdFor(orderId), outcome),
            JsonSerializerOptions.Web);
        using var content = new ByteArrayContent(payload);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var signature = new Dictionary<string, string> { [WebhookSignature.Header] = WebhookSignature.Sign(webhookSecret, payload) };
        await store.SendContentAsync("POST /api/payments/webhook", HttpMethod.Post, "/api/payments/webhook", content, ct, signature);
    }

    static Dictionary<string, string> With(Dictionary<string, string> headers, string etag) => new(headers) { ["If-Match"] = etag };
}
