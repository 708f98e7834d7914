namespace Commerce.Catalog;

/// <summary>`GET /api/search` (full text with typo tolerance, filters, facets, sorting, paging) and `GET /api/search/suggest`.</summary>
/// <remarks>
/// Prices in the hits, and the prices search filters, sorts and counts on, are the shopper's (<see cref="CatalogShoppers"/>)
/// while a price experiment covers a product; hits showing an experiment's price are exposures.
/// </remarks>
public sealed class ProductSearchFunctions(IProductSearch search, CatalogShoppers shoppers)
{
    const int SuggestionCount = 8;

    [Function(nameof(SearchProducts))]
    [OpenApiOperation("SearchProducts", "Full-text product search with filters, facets, sorting and paging")]
    [OpenApiSecurity(OpenApiCaller.Anyone)]
    [OpenApiParameter("q", MaxLength = SearchQueryParser.MaxTextLength)]
    [OpenApiParameter("currency", Pattern = "^[A-Za-z]{3}$", Description = "ISO 4217; prices are in its minor units.")]
    [OpenApiParameter("sort", Enum = ["relevance", "price_asc", "price_desc", "newest"])]
    [OpenApiParameter("minPrice", Type = "integer", Minimum = 0, Maximum = ProductRules.MaxPriceMinor)]
    [OpenApiParameter("maxPrice", Type = "integer", Minimum = 0, Maximum = ProductRules.MaxPriceMinor)]
    [OpenApiParameter("page", Type = "integer", Minimum = 1, Maximum = SearchQueryParser.MaxPage)]
    [OpenApiParameter("pageSize", Type = "integer", Minimum = 1, Maximum = SearchQueryParser.MaxPageSize)]
    [OpenApiParameter("category", MaxLength = 100)]
    [OpenApiParameter("brand", MaxLength = 100)]
    [OpenApiParameter("color", MaxLength = 100)]
    [OpenApiParameter("size", MaxLength = 100)]
    [OpenApiHeader(OpenApiHeader.SessionId)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(ProductSearchResults), Headers = ["Vary"])]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "validation")]
    [OpenApiProblem(StatusCodes.Status422UnprocessableEntity, "price-range")]
    public async Task<IActionResult> SearchProducts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = SearchQueryParser.Parse(name => (IReadOnlyList<string?>)request.Query[name]);
        if (!query.IsValid)
        {
            return Problems.Validation(query.Errors!);
        }

        if (SearchQueryParser.BrokenRule(query.Value!) is { } rule)
        {
            return Problems.Unprocessable(rule.Type, "The search breaks a rule.", rule.Detail);
        }

        var (live, shopper) = await shoppers.ResolveAsync(request, cancellationToken);
        var results = await search.SearchAsync(query.Value! with { Shopper = shoppers.Prices.SearchView(live, shopper) }, cancellationToken);
        return new OkObjectResult(await shoppers.ShownAsync(request, shopper, await shoppers.Prices.SearchAsync(results, live, shopper, cancellationToken), cancellationToken));
    }

    [Function(nameof(SuggestProducts))]
    [OpenApiOperation("SuggestProducts", "Product names completing a prefix")]
    [OpenApiSecurity(OpenApiCaller.Anyone)]
    [OpenApiParameter("q", Required = true, MinLength = 1, MaxLength = SearchQueryParser.MaxTextLength, Pattern = "\\S")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(Suggestions))]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "validation")]
    public async Task<IActionResult> SuggestProducts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search/suggest")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prefix = request.Query["q"].FirstOrDefault()?.Trim();
        if (string.IsNullOrEmpty(prefix) || prefix.Length > SearchQueryParser.MaxTextLength)
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["q"] = [$"A prefix of 1-{SearchQueryParser.MaxTextLength} characters is required."] });
        }

        return new OkObjectResult(new Suggestions(await search.SuggestAsync(prefix, SuggestionCount, cancellationToken)));
    }
}

public sealed record Suggestions(IReadOnlyList<string> Items);
