using Commerce.Cart.Auth;
using Commerce.Recommendations.Serving;
using Commerce.Recommendations.Stores;

namespace Commerce.Catalog.Recommendations;

/// <summary>
/// `GET /api/recommendations?customerId=&amp;sessionId=&amp;n=` (personal: the customer's history, an anonymous session's
/// recent views, or both) and `GET /api/products/{id}/related?n=` (bought or viewed together). Both always answer:
/// trending fills whatever the model can't (no model yet, cold start); <c>answeredBy</c> in the body and the
/// <c>X-Recommendations-Answered-By</c> header say which part answered (model, co-occurrence, trending). A <c>customerId</c> needs that customer's bearer
/// token (anyone else: 404, as if the customer did not exist); without one, the answer is public.
/// </summary>
public sealed class RecommendationFunctions(IRecommender recommender, DocumentShopperHistory history, ProductReader products, ICustomerTokenValidator customers)
{
    const int DefaultCount = 10;
    const int MaxShopperIdLength = 128;
    const int SessionHistory = 20;

    [Function(nameof(GetRecommendations))]
    [OpenApiOperation("GetRecommendations", "Personal recommendations for a customer (their bearer token) or an anonymous session")]
    [OpenApiSecurity(OpenApiCaller.Anyone, OpenApiCaller.Customer)]
    [OpenApiParameter("customerId", MinLength = 1, MaxLength = MaxShopperIdLength, Description = "Needs that customer's bearer token.")]
    [OpenApiParameter("sessionId", MinLength = 1, MaxLength = MaxShopperIdLength)]
    [OpenApiParameter("n", Type = "integer", Minimum = 1, Maximum = Recommender.MaxCount)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(RecommendationResult), Headers = [Commerce.Recommendations.Serving.RecommendationAnswer.Header])]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "validation")]
    [OpenApiProblem(StatusCodes.Status404NotFound, "not-found")]
    public async Task<IActionResult> GetRecommendations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "recommendations")] HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Errors();
        var count = Count(request, errors);
        var customerId = ShopperId(request, "customerId", errors);
        var sessionId = ShopperId(request, "sessionId", errors);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (customerId is not null && !await IsSignedInAsAsync(request, customerId, cancellationToken))
        {
            return Problems.NotFound("not-found", "Not found.");
        }

        var views = sessionId is null ? [] : (await history.SessionRecentAsync(sessionId, SessionHistory, cancellationToken)).Select(i => i.ProductId).ToArray();
        return Answer(request, await recommender.RecommendForCustomerAsync(new Shopper(customerId, views), count, cancellationToken: cancellationToken));
    }

    [Function(nameof(GetRelatedProducts))]
    [OpenApiOperation("GetRelatedProducts", "Products bought or viewed with this one")]
    [OpenApiSecurity(OpenApiCaller.Anyone)]
    [OpenApiParameter("n", Type = "integer", Minimum = 1, Maximum = Recommender.MaxCount)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(RecommendationResult), Headers = [Commerce.Recommendations.Serving.RecommendationAnswer.Header])]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "validation")]
    [OpenApiProblem(StatusCodes.Status404NotFound, "product-not-found")]
    public async Task<IActionResult> GetRelatedProducts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "products/{id}/related")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var errors = new Errors();
        var count = Count(request, errors);
        if (errors.Any)
        {
            return Problems.Validation(errors.ToDictionary());
        }

        if (await products.GetAsync(id, cancellationToken) is null)
        {
            return Problems.NotFound("product-not-found", "No such product.", $"No active product '{id}'.");
        }

        return Answer(request, await recommender.RelatedAsync(id, count, cancellationToken));
    }

    /// <summary>The result, with which part answered also in a header (caches and proxies can see it without the body).</summary>
    static OkObjectResult Answer(HttpRequest request, RecommendationResult result)
    {
        request.HttpContext.Response.Headers[RecommendationAnswer.Header] = result.AnsweredBy;
        return new OkObjectResult(result);
    }

    async Task<bool> IsSignedInAsAsync(HttpRequest request, string customerId, CancellationToken cancellationToken)
        => (await customers.ValidateAsync(request.Headers.Authorization.FirstOrDefault(), cancellationToken)).CustomerId == customerId;

    static int Count(HttpRequest request, Errors errors) =>
        (int)(SearchQueryParser.Number(name => request.Query[name], "n", 1, Recommender.MaxCount, errors) ?? DefaultCount);

    static string? ShopperId(HttpRequest request, string name, Errors errors)
    {
        var values = request.Query[name];
        var value = values.FirstOrDefault();
        if (values.Count == 0 || string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (values.Count > 1 || value.Length > MaxShopperIdLength || string.IsNullOrWhiteSpace(value) || value.Any(char.IsControl))
        {
            errors.Add(name, $"At most one {name} of 1-{MaxShopperIdLength} printable characters.");
            return null;
        }

        return value;
    }
}
