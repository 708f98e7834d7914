namespace Commerce.Cart;

/// <summary>`GET /api/openapi/v1.json`: this app's OpenAPI document, built from its functions (anonymous, cacheable).</summary>
public sealed class CartOpenApiDocument
{
    [Function(nameof(CartOpenApiDocument))]
    [OpenApiDocumentOperation]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ServedOpenApiDocument.Route)] HttpRequest request) => ServedOpenApiDocument.Of(CartRegistration.AppName, GetType().Assembly).Respond(request);
}
