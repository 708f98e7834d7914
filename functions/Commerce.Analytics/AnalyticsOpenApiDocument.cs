namespace Commerce.Analytics;

/// <summary>This app's OpenAPI document (`GET /api/openapi/v1.json`), built from its functions.</summary>
public sealed class AnalyticsOpenApiDocument
{
    static readonly Lazy<ServedOpenApiDocument> Document = new(() => ServedOpenApiDocument.Of(AnalyticsRegistration.AppName, typeof(AnalyticsOpenApiDocument).Assembly));

    [Function(nameof(AnalyticsOpenApiDocument))]
    [OpenApiDocumentOperation]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ServedOpenApiDocument.Route)] HttpRequest request) => Document.Value.Respond(request);
}
