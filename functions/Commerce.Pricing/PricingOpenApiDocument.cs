namespace Commerce.Pricing;

/// <summary>This app's OpenAPI document (`GET /api/openapi/v1.json`), built from its functions.</summary>
public sealed class PricingOpenApiDocument
{
    [Function(nameof(PricingOpenApiDocument))]
    [OpenApiDocumentOperation]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ServedOpenApiDocument.Route)] HttpRequest request) => ServedOpenApiDocument.Of(PricingRegistration.AppName, GetType().Assembly).Respond(request);
}
