using Commerce.Cart.Auth;
using Commerce.Cart.Http;
using Commerce.Contracts;

namespace Commerce.Cart;

/// <summary>Create and read carts: <c>POST /api/carts</c> and <c>GET /api/carts/{id}</c>.</summary>
public sealed class CartsFunctions(CartHttp http, IOptions<CartOptions> options)
{
    /// <summary>
    /// A guest (no Authorization header) gets a new cart and its token, valid for <c>Cart:GuestCartTimeToLive</c> after
    /// the last change; a signed-in customer gets their one cart (created when missing).
    /// </summary>
    [Function(nameof(CreateCart))]
    [OpenApiOperation("CreateCart", "Create a guest cart, or get the signed-in customer's cart")]
    [OpenApiSecurity(OpenApiCaller.Anyone, OpenApiCaller.Customer)]
    [OpenApiRequestBody(typeof(CreateCartRequest), CartHttp.MaxBodyBytes, Required = false)]
    [OpenApiHeader(OpenApiHeader.SessionId)]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(CartCreated), Headers = ["ETag", "Location"], Description = "The cart, and a guest's cart token (shown once).")]
    [OpenApiProblem(StatusCodes.Status400BadRequest, CartProblems.CurrencyUnsupported)]
    [OpenApiProblem(StatusCodes.Status401Unauthorized, "unauthorized")]
    [OpenApiLink(StatusCodes.Status201Created, "AddItem", "AddCartItem", "id=$response.body#/cartId", "header.X-Cart-Token=$response.body#/cartToken", "header.If-Match=$response.header.ETag")]
    [OpenApiLink(StatusCodes.Status201Created, "GetCart", "GetCart", "id=$response.body#/cartId", "header.X-Cart-Token=$response.body#/cartToken")]
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
                : await http.Carts.CreateGuestAsync(currency, request.Headers[ExperimentShoppers.SessionHeader].FirstOrDefault(), cancellationToken);
            var priced = await http.Carts.PriceAsync(cart.Cart, cancellationToken);
            request.HttpContext.Response.Headers.Location = $"/api/carts/{cart.Cart.Id}";
            return CartHttp.Respond(request, cart.ETag, new CartCreated(cart.Cart.Id, token, CartView.Of(priced)), status: StatusCodes.Status201Created);
        });

    /// <summary>The cart re-priced now (lines, discounts, shipping, tax, totals) with its ETag.</summary>
    [Function(nameof(GetCart))]
    [OpenApiOperation("GetCart", "Read the cart, re-priced now")]
    [CartAccess]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(CartView), Headers = ["ETag"])]
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
    [OpenApiOperation("MergeCart", "Merge a guest cart into the signed-in customer's cart")]
    [CartAccess]
    [OpenApiHeader(OpenApiHeader.IfMatch, Required = true)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(CartMerged), Headers = ["ETag"], Description = "The customer's cart and the guest codes that could not come along.")]
    [OpenApiProblem(StatusCodes.Status428PreconditionRequired, "cart/if-match-required")]
    [OpenApiProblem(StatusCodes.Status412PreconditionFailed, "cart/stale")]
    [OpenApiProblem(StatusCodes.Status409Conflict, "cart/busy")]
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
                : CartHttp.Respond(request, result.Cart.ETag, new CartMerged(CartView.Of(result.Priced), result.DroppedPromotionCodes ?? []));
        });
}
