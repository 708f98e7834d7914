namespace Commerce.Catalog;

/// <summary>Storefront product reads: by id and by slug (cached, ETag/304), and category listings with continuation paging.</summary>
/// <remarks>
/// While a price experiment covers a product, each shopper (<see cref="CatalogShoppers"/>) sees their variant's prices:
/// the product under an entity tag of that variant, cacheable only privately; every answer names what it varies on.
/// </remarks>
public sealed class ProductReads(ProductReader reader, CatalogShoppers shoppers)
{
    internal const string CacheControl = "public, max-age=60";
    internal const string VariantCacheControl = "private, max-age=60";
    const int DefaultPageSize = 24;

    [Function(nameof(GetProduct))]
    [OpenApiOperation("GetProduct", "Read an active product")]
    [ProductRead]
    public async Task<IActionResult> GetProduct([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
        => await FoundAsync(request, await reader.GetAsync(id, cancellationToken), id, cancellationToken);

    [Function(nameof(GetProductBySlug))]
    [OpenApiOperation("GetProductBySlug", "Read an active product by its slug")]
    [ProductRead]
    public async Task<IActionResult> GetProductBySlug([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products/by-slug/{slug}")] HttpRequest request, string slug, CancellationToken cancellationToken)
        => await FoundAsync(request, await reader.GetBySlugAsync(slug, cancellationToken), slug, cancellationToken);

    [Function(nameof(ListProducts))]
    [OpenApiOperation("ListProducts", "List a category's products, a page at a time")]
    [OpenApiSecurity(OpenApiCaller.Anyone)]
    [OpenApiParameter("category", MaxLength = 100, Description = "A category id.")]
    [OpenApiParameter("pageSize", Type = "integer", Minimum = 1, Maximum = 100)]
    [OpenApiParameter("continuation", Description = "The continuation of the previous page, unchanged.")]
    [OpenApiHeader(OpenApiHeader.SessionId)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(ProductListing), Headers = ["ETag", "Vary"])]
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
        var (live, shopper) = await shoppers.ResolveAsync(request, cancellationToken);
        return result.Outcome == CatalogOutcome.Ok
            ? CatalogHttp.ToResponse(result with { Value = await shoppers.ShownAsync(request, shopper, await shoppers.Prices.ListingAsync(result.Value!, live, shopper, cancellationToken), cancellationToken) })
            : CatalogHttp.ToResponse(result);
    }

    async Task<IActionResult> FoundAsync(HttpRequest request, CachedProduct? product, string key, CancellationToken cancellationToken)
    {
        if (product is null)
        {
            return Problems.NotFound("product-not-found", "No such product.", $"No active product '{key}'.");
        }

        var (live, shopper) = await shoppers.ResolveAsync(request, cancellationToken);
        var arms = ShopperPrices.ArmsOn(product, live, shopper);
        if (arms.Count == 0)
        {
            return new CachedJsonResult(product.Json, product.ETag, CacheControl);
        }

        // Every arm shown is an exposure (the control's too); only a variant that changes a price has its own copy.
        await shoppers.ExposedAsync(request, shopper!, [.. arms.Select(arm => new ArmShown(product.Id, arm))], cancellationToken);
        var repriced = arms.Where(a => !a.Variant.KeepsPrices).ToArray();
        if (repriced.Length == 0)
        {
            return new CachedJsonResult(product.Json, product.ETag, CacheControl);
        }

        var seen = await shoppers.Prices.ProductAsync(product, repriced, live, shopper!, cancellationToken);
        return new CachedJsonResult(seen.Json, seen.ETag, VariantCacheControl);
    }
}
