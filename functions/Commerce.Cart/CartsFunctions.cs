using Commerce.Cart.Auth;
using Commerce.Cart.Http;

namespace Commerce.Cart;

/// <summary>Create and read carts: <c>POST /api/carts</c> and <c>GET /api/carts/{id}</c>.</summary>
public sealed class CartsFunctions(CartHttp http, IOptions<CartOptions> options)
{
    /// <summary>
    /// A guest (no Authorization header) gets a new cart and its token, valid for <c>Cart:GuestCartTimeToLive</c> after
    /// the last change; a signed-in customer gets their one cart (created when missing).
    /// </summary>
    [Function(nameof(CreateCart))]
    public Task<IActionResult> CreateCart([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "carts")] HttpRequest request, CancellationToken cancellationToken)
        => http.GuardAsync(async () =>
        {
            var body = await CartHttp.ReadBodyAsync<CreateCartRequest>(request, cancellationToken, optional: true);
            var currency = body?.Currency ?? options.Value.DefaultCurrency;
            var customer = await http.CustomerAsync(request, cancellationToken);
            if (customer.Status == CustomerAuthStatus.Invalid)
            {
                return Problems.Result(StatusCodes.Status401Unauthorized, "unauthorized", "The bearer token is not valid.");
            }

            var (cart, token) = customer.CustomerId is { } customerId
                ? (await http.Carts.GetOrCreateCustomerCartAsync(customerId, currency, cancellationToken), null)
                : await http.Carts.CreateGuestAsync(currency, cancellationToken);
            var priced = await http.Carts.PriceAsync(cart.Cart, cancellationToken);
            request.HttpContext.Response.Headers.Location = $"/api/carts/{cart.Cart.Id}";
            return CartHttp.Respond(request, cart.ETag, new CartCreated(cart.Cart.Id, token, priced), status: StatusCodes.Status201Created);
        });

    /// <summary>The cart re-priced now (lines, discounts, shipping, tax, totals) with its ETag.</summary>
    [Function(nameof(GetCart))]
    public Task<IActionResult> GetCart([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "carts/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
        => http.GuardAsync(async () =>
        {
            var (cart, problem) = await http.AuthorizeAsync(request, id, cancellationToken);
            return cart is null ? problem! : CartHttp.Respond(request, cart.ETag, await http.Carts.PriceAsync(cart.Cart, cancellationToken));
        });

    /// <summary>
    /// Sign-in: merges the guest cart <paramref name="id"/> (its X-Cart-Token and If-Match) into the bearer's cart,
    /// deletes the guest cart, and returns the customer's cart with the codes that could not come along.
    /// </summary>
    [Function(nameof(MergeCart))]
    public Task<IActionResult> MergeCart([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "carts/{id}/merge")] HttpRequest request, string id, CancellationToken cancellationToken)
        => http.GuardAsync(async () =>
        {
            var customer = await http.CustomerAsync(request, cancellationToken);
            if (customer.CustomerId is not { } customerId)
            {
                // Only a signed-in customer may merge; to anyone else the cart is as absent as any other.
                return customer.Status == CustomerAuthStatus.Invalid
                    ? Problems.Result(StatusCodes.Status401Unauthorized, "unauthorized", "The bearer token is not valid.")
                    : CartHttp.CartNotFound();
            }

            var (guest, problem) = await http.AuthorizeAsync(request, id, cancellationToken);
            if (guest is null || !guest.Cart.IsGuest)
            {
                return problem ?? CartHttp.CartNotFound();
            }

            if (await http.PreconditionAsync(request, guest, "the guest cart's", cancellationToken) is { } failed)
            {
                return failed;
            }

            var result = await http.Carts.MergeAsync(guest, guest.ETag, customerId, cancellationToken);
            return result.Stale
                ? CartHttp.Respond(request, result.Cart.ETag, result.Priced, stale: true)
                : CartHttp.Respond(request, result.Cart.ETag, new CartMerged(result.Priced, result.DroppedPromotionCodes ?? []));
        });
}
