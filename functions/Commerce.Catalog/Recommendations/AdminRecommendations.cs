using Commerce.Recommendations.Serving;

namespace Commerce.Catalog.Recommendations;

/// <summary>
/// `GET /api/admin/recommendations/model` (function key): what this instance serves recommendations with: the model's
/// metadata (version, data window, ranking rows), which part answers (model, co-occurrence or trending) and, when that is
/// a fallback, why.
/// </summary>
public sealed class AdminRecommendations(RecommendationModelHolder models)
{
    [Function(nameof(GetRecommendationModel))]
    public IActionResult GetRecommendationModel([HttpTrigger(AuthorizationLevel.Function, "get", Route = "admin/recommendations/model")] HttpRequest request) =>
        new OkObjectResult(ModelStatus.Of(models));
}
