namespace Commerce.Catalog;

/// <summary>Storefront product reads: by id and by slug (cached, ETag/304), and category listings with continuation paging.</summary>
public sealed class ProductReads(ProductReader reader)
{
    internal const string CacheControl = "public, max-age=60";
    const int DefaultPageSize = 24;

    [Function(nameof(GetProduct))]
    [OpenApiOperation("GetProduct", "Read an active product")]
    [ProductRead]
    public async Task<IActionResult> GetProduct([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
        => Found(await reader.GetAsync(id, cancellationToken), id);

    [Function(nameof(GetProductBySlug))]
    [OpenApiOperation("GetProductBySlug", "Read an active product by its slug")]
    [ProductRead]
    public async Task<IActionResult> GetProductBySlug([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products/by-slug/{slug}")] HttpRequest request, string slug, CancellationToken cancellationToken)
        => Found(await reader.GetBySlugAsync(slug, cancellationToken), slug);

    [Function(nameof(ListProducts))]
    [OpenApiOperation("ListProducts", "List a category's products, a page at a time")]
    [OpenApiSecurity(OpenApiCaller.Anyone)]
    [OpenApiParameter("category", MaxLength = 100, Description = "A category id.")]
    [OpenApiParameter("pageSize", Type = "integer", Minimum = 1, Maximum = 100)]
    [OpenApiParameter("continuation", Description = "The continuation of the previous page, unchanged.")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(ProductListing), Headers = ["ETag"])]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "validation")]
    [OpenApiProblem(StatusCodes.Status422UnprocessableEntity, "unknown-continuation")]
    public async Task<IActionResult> ListProducts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Errors();
        var pageSize = SearchQueryParser.Number(name => request.Query[name], "pageSize", 1, 100, errors) ?? DefaultPageSize;
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        var category = request.Query["category"].FirstOrDefault() is { Length: > 0 } c ? c : null;
        var continuation = request.Query["continuation"].FirstOrDefault() is { Length: > 0 } t ? t : null;
        var result = await reader.ListAsync(category, (int)pageSize, continuation, cancellationToken);
        return CatalogHttp.ToResponse(result);
    }

    static IActionResult Found(CachedProduct? product, string key) => product is null
        ? Problems.NotFound("product-not-found", "No such product.", $"No active product '{key}'.")
        : new CachedJsonResult(product.Json, product.ETag, CacheControl);
}
