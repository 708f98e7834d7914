using Commerce.Orders.Domain;
using Microsoft.DurableTask.Client;

namespace Commerce.Orders.Checkout;

/// <summary>
/// Admission's side of <see cref="CartClaims"/>: claims the checkout's cart for its order, deciding from the orders
/// store and the durable engine whether the checkout holding a claim is over without an order (its saga failed or
/// ended failed; or it was never admitted and the claim is older than <see cref="Unadmitted"/>), so its cart may be
/// taken over. A holder whose order stands, or whose checkout is still running or queued, keeps the cart.
/// </summary>
public sealed class CheckoutCartClaims(CartClaims claims, OrderService orders, CheckoutRequests requests, TimeProvider clock)
{
    static readonly TimeSpan Unadmitted = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Claims the request's cart for <paramref name="orderId"/>. A key admitted before keeps its answer (its request hash
    /// covers the cart token or customer), so a retry after the order cleared the cart still finds its order.
    /// </summary>
    public async Task<CartClaimResult> ClaimAsync(DurableTaskClient durable, string orderId, CheckoutRequest body, string? customerId, ReviewedCart reviewed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        return await requests.GetAsync(orderId, cancellationToken) is not null
            ? new CartClaimResult(CartClaimOutcome.Claimed, orderId)
            : await claims.ClaimAsync(body.CartId!, orderId, body.CartToken, customerId, reviewed, (holder, ct) => IsOverWithoutOrderAsync(durable, holder, ct), cancellationToken);
    }

    async Task<bool> IsOverWithoutOrderAsync(DurableTaskClient durable, CartClaim holder, CancellationToken cancellationToken)
    {
        if (await orders.GetAsync(holder.OrderId, cancellationToken) is { } order)
        {
            // An order stands for the cart: it keeps the claim (one made for another cart under a reused key does not).
            return order.CartId != holder.CartId;
        }

        var instance = await durable.GetInstanceAsync(holder.OrderId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return await requests.GetAsync(holder.OrderId, cancellationToken) is null && clock.GetUtcNow() - holder.ClaimedAt > Unadmitted;
        }

        return instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Completed => instance.ReadOutputAs<CheckoutOutcome>() is { Succeeded: false },
            OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated => true,
            _ => false,
        };
    }
}
