namespace Commerce.Cart;

/// <summary>`GET /api/openapi/v1.json`: this app's OpenAPI document, built from its functions (anonymous, cacheable).</summary>
public sealed class CartOpenApiDocument
{
    static readonly Lazy<ServedOpenApiDocument> Document = new(() => ServedOpenApiDocument.Of(CartRegistration.AppName, typeof(CartOpenApiDocument).Assembly));

    [Function(nameof(CartOpenApiDocument))]
    [OpenApiDocumentOperation]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ServedOpenApiDocument.Route)] HttpRequest request) => Document.Value.Respond(request);
}
