namespace Commerce.Catalog;

/// <summary>`GET /api/search` (full text with typo tolerance, filters, facets, sorting, paging) and `GET /api/search/suggest`.</summary>
public sealed class ProductSearchFunctions(IProductSearch search)
{
    const int SuggestionCount = 8;

    [Function(nameof(SearchProducts))]
    public async Task<IActionResult> SearchProducts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "search")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var query = SearchQueryParser.Parse(name => request.Query[name].FirstOrDefault());
        return query.IsValid
            ? new OkObjectResult(await search.SearchAsync(query.Value!, cancellationToken))
            : Problems.Validation(query.Errors!);
    }

    [Function(nameof(SuggestProducts))]
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
