namespace Commerce.Analytics;

/// <summary>This app's OpenAPI document (`GET /api/openapi/v1.json`), built from its functions.</summary>
public sealed class AnalyticsOpenApiDocument
{
    [Function(nameof(AnalyticsOpenApiDocument))]
    [OpenApiDocumentOperation]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ServedOpenApiDocument.Route)] HttpRequest request) => ServedOpenApiDocument.Of(AnalyticsRegistration.AppName, GetType().Assembly).Respond(request);
}
