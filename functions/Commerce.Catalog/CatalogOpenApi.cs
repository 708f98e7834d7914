namespace Commerce.Catalog;

/// <summary>
/// A product write answered through <see cref="CatalogHttp.ToResponse{T}"/>: the product with its ETag, or the
/// validation (400), not-found (404), conflict (409: an id or slug taken) or precondition (412: a stale If-Match) problem.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProductWriteAttribute(int status) : Attribute, IOpenApiConvention
{
    public int Status { get; } = status;

    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        new OpenApiStaffOnlyAttribute().Apply(operation);
        operation.AddResponse(Status, typeof(Product), "application/json", null, ["ETag"]);
        operation.AddProblem(StatusCodes.Status400BadRequest, "validation");
        operation.AddProblem(StatusCodes.Status409Conflict, "conflict");
        operation.AddProblem(StatusCodes.Status412PreconditionFailed, "precondition-failed");
    }
}

/// <summary>A cached product read (<see cref="CachedJsonResult"/>): the product with ETag, Cache-Control and Vary (the shopper's price experiment variant), 304 for a current If-None-Match.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ProductReadAttribute : Attribute, IOpenApiConvention
{
    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.AddSecurity(OpenApiCaller.Anyone);
        new OpenApiHeaderAttribute(OpenApiHeader.IfNoneMatch).Apply(operation);
        new OpenApiHeaderAttribute(OpenApiHeader.SessionId).Apply(operation);
        operation.AddResponse(StatusCodes.Status200OK, typeof(Product), "application/json", null, ["ETag", "Cache-Control", "Vary"]);
        operation.AddResponse(StatusCodes.Status304NotModified, null, string.Empty, null, ["ETag", "Cache-Control", "Vary"]);
        operation.AddProblem(StatusCodes.Status404NotFound, "product-not-found");
    }
}

/// <summary>This app's OpenAPI document (`GET /api/openapi/v1.json`), built from its functions.</summary>
public sealed class CatalogOpenApiDocument
{
    [Function(nameof(CatalogOpenApiDocument))]
    [OpenApiDocumentOperation]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ServedOpenApiDocument.Route)] HttpRequest request) => ServedOpenApiDocument.Of(CatalogRegistration.AppName, GetType().Assembly).Respond(request);
}
