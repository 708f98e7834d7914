using Commerce.Cart.Http;

namespace Commerce.Cart;

/// <summary>
/// Every change to a cart: lines, promotion codes and the shipping destination. Each needs the cart's access (token or
/// bearer) and its current ETag in If-Match, and answers with the re-priced cart and its new ETag.
/// </summary>
public sealed class CartChangeFunctions(CartHttp http)
{
    [Function(nameof(AddCartItem))]
    [OpenApiOperation("AddCartItem", "Add units of a SKU to the cart")]
    [CartChange(typeof(AddItemRequest))]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "cart/invalid-request", CartProblems.QuantityLimit, CartProblems.SkuUnavailable)]
    public Task<IActionResult> AddCartItem([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "carts/{id}/items")] HttpRequest request, string id, CancellationToken cancellationToken)
        => http.MutateAsync<AddItemRequest>(request, id, b => new AddLine(CartHttp.RequiredText(b.Sku, "sku"), CartHttp.RequiredQuantity(b.Quantity)), cancellationToken);

    [Function(nameof(ChangeCartItemQuantity))]
    [OpenApiOperation("SetCartItemQuantity", "Set the quantity of a cart line", Method = "put")]
    [OpenApiOperation("PatchCartItemQuantity", "Set the quantity of a cart line (PATCH)", Method = "patch")]
    [CartChange(typeof(QuantityRequest))]
    [OpenApiProblem(StatusCodes.Status400BadRequest, CartProblems.QuantityLimit, CartProblems.SkuUnavailable)]
    [OpenApiProblem(StatusCodes.Status404NotFound, CartProblems.LineNotFound)]
    public Task<IActionResult> ChangeCartItemQuantity([HttpTrigger(AuthorizationLevel.Anonymous, "put", "patch", Route = "carts/{id}/items/{sku}")] HttpRequest request, string id, string sku, CancellationToken cancellationToken)
        => http.MutateAsync<QuantityRequest>(request, id, b => new SetQuantity(sku, CartHttp.RequiredQuantity(b.Quantity)), cancellationToken);

    [Function(nameof(RemoveCartItem))]
    [OpenApiOperation("RemoveCartItem", "Remove a cart line")]
    [CartChange]
    [OpenApiProblem(StatusCodes.Status404NotFound, CartProblems.LineNotFound)]
    public Task<IActionResult> RemoveCartItem([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "carts/{id}/items/{sku}")] HttpRequest request, string id, string sku, CancellationToken cancellationToken)
        => http.MutateAsync<CartHttp.NoBody>(request, id, _ => new RemoveLine(sku), cancellationToken);

    [Function(nameof(ApplyPromotionCode))]
    [OpenApiOperation("ApplyPromotionCode", "Apply a promotion code to the cart")]
    [CartChange(typeof(PromotionCodeRequest))]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "cart/invalid-request", CartProblems.PromotionUnknown, CartProblems.PromotionNotApplicable)]
    [OpenApiProblem(StatusCodes.Status409Conflict, CartProblems.PromotionNotCombinable, CartProblems.PromotionNotApplicable)]
    public Task<IActionResult> ApplyPromotionCode([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "carts/{id}/promotions")] HttpRequest request, string id, CancellationToken cancellationToken)
        => http.MutateAsync<PromotionCodeRequest>(request, id, b => new ApplyPromotionCode(CartHttp.RequiredText(b.Code, "code")), cancellationToken);

    [Function(nameof(RemovePromotionCode))]
    [OpenApiOperation("RemovePromotionCode", "Remove a promotion code from the cart")]
    [CartChange]
    public Task<IActionResult> RemovePromotionCode([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "carts/{id}/promotions/{code}")] HttpRequest request, string id, string code, CancellationToken cancellationToken)
        => http.MutateAsync<CartHttp.NoBody>(request, id, _ => new RemovePromotionCode(code), cancellationToken);

    [Function(nameof(SetShippingDestination))]
    [OpenApiOperation("SetShippingDestination", "Set where the cart ships (prices shipping and tax)")]
    [CartChange(typeof(DestinationRequest))]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "validation", CartProblems.DestinationNotServed)]
    public Task<IActionResult> SetShippingDestination([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "carts/{id}/destination")] HttpRequest request, string id, CancellationToken cancellationToken)
        => http.MutateAsync<DestinationRequest>(request, id, b => new SetDestination(CartRules.NormalizeDestination(b.Country, b.Region, b.PostalCode)), cancellationToken);
}
