namespace Commerce.Catalog;

/// <summary>`GET /api/categories`: the category tree.</summary>
public sealed class CategoryTree(Categories categories)
{
    [Function(nameof(CategoryTree))]
    [OpenApiOperation("GetCategoryTree", "The category tree")]
    [OpenApiSecurity(OpenApiCaller.Anyone)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(IReadOnlyList<CategoryNode>), Headers = ["Cache-Control"])]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "categories")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.CacheControl = ProductReads.CacheControl;
        return new OkObjectResult(await categories.TreeAsync(cancellationToken));
    }
}
