using Commerce.Cart.Http;

namespace Commerce.Cart;

/// <summary>
/// Every change to a cart: lines, promotion codes and the shipping destination. Each needs the cart's access (token or
/// bearer) and its current ETag in If-Match, and answers with the re-priced cart and its new ETag.
/// </summary>
public sealed class CartChangeFunctions(CartHttp http)
{
    [Function(nameof(AddCartItem))]
    public Task<IActionResult> AddCartItem([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "carts/{id}/items")] HttpRequest request, string id, CancellationToken cancellationToken)
        => http.MutateAsync<AddItemRequest>(request, id, b => new AddLine(CartHttp.RequiredText(b.Sku, "sku"), CartHttp.RequiredQuantity(b.Quantity)), cancellationToken);

    [Function(nameof(ChangeCartItemQuantity))]
    public Task<IActionResult> ChangeCartItemQuantity([HttpTrigger(AuthorizationLevel.Anonymous, "put", "patch", Route = "carts/{id}/items/{sku}")] HttpRequest request, string id, string sku, CancellationToken cancellationToken)
        => http.MutateAsync<QuantityRequest>(request, id, b => new SetQuantity(sku, CartHttp.RequiredQuantity(b.Quantity)), cancellationToken);

    [Function(nameof(RemoveCartItem))]
    public Task<IActionResult> RemoveCartItem([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "carts/{id}/items/{sku}")] HttpRequest request, string id, string sku, CancellationToken cancellationToken)
        => http.MutateAsync<CartHttp.NoBody>(request, id, _ => new RemoveLine(sku), cancellationToken);

    [Function(nameof(ApplyPromotionCode))]
    public Task<IActionResult> ApplyPromotionCode([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "carts/{id}/promotions")] HttpRequest request, string id, CancellationToken cancellationToken)
        => http.MutateAsync<PromotionCodeRequest>(request, id, b => new ApplyPromotionCode(CartHttp.RequiredText(b.Code, "code")), cancellationToken);

    [Function(nameof(RemovePromotionCode))]
    public Task<IActionResult> RemovePromotionCode([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "carts/{id}/promotions/{code}")] HttpRequest request, string id, string code, CancellationToken cancellationToken)
        => http.MutateAsync<CartHttp.NoBody>(request, id, _ => new RemovePromotionCode(code), cancellationToken);

    [Function(nameof(SetShippingDestination))]
    public Task<IActionResult> SetShippingDestination([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "carts/{id}/destination")] HttpRequest request, string id, CancellationToken cancellationToken)
        => http.MutateAsync<DestinationRequest>(request, id, b => new SetDestination(CartRules.NormalizeDestination(b.Country, b.Region, b.PostalCode)), cancellationToken);
}
