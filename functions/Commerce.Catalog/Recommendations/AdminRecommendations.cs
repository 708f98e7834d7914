using Commerce.Cart.Auth;
using Commerce.Recommendations.Serving;

namespace Commerce.Catalog.Recommendations;

/// <summary>
/// `GET /api/admin/recommendations/model` (staff: the admin app role, see <see cref="AdminAccess"/>; anyone else the 404
/// of no route): what this instance serves recommendations with: the model's metadata (version, data window, ranking
/// rows), which part answers (model, co-occurrence or trending) and, when that is a fallback, why.
/// </summary>
public sealed class AdminRecommendations(RecommendationModelHolder models, AdminAccess staff)
{
    [Function(nameof(GetRecommendationModel))]
    [OpenApiOperation("GetRecommendationModel", "What this instance serves recommendations with (staff)")]
    [OpenApiStaffOnly]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(ModelStatus))]
    public async Task<IActionResult> GetRecommendationModel([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/recommendations/model")] HttpRequest request, CancellationToken cancellationToken)
        => await staff.RefuseUnlessStaffAsync(request, cancellationToken) ?? new OkObjectResult(ModelStatus.Of(models));
}
