using Commerce.Analytics.Domain.Summary;
using Commerce.Cart.Auth;

namespace Commerce.Analytics;

/// <summary>
/// `GET /api/analytics/summary?from=&amp;to=&amp;granularity=minute|hour|day`: the aggregates of a range, rolled up. Staff
/// only (<see cref="AdminAccess"/>: the admin app role on a bearer token; locally also the dev host's key); anyone else
/// gets a 404.
/// </summary>
public sealed class AnalyticsSummaryFunction(SummaryService summaries, AdminAccess admins, TimeProvider clock)
{
    [Function("AnalyticsSummary")]
    [OpenApiOperation("GetAnalyticsSummary", "The clickstream aggregates of a range, rolled up (staff)")]
    [OpenApiSecurity(OpenApiCaller.Staff)]
    [OpenApiParameter("from", Format = "date-time", Description = "Default: an hour before `to`. Accepted " + SummaryQuery.AcceptedRange + ".")]
    [OpenApiParameter("to", Format = "date-time", Description = "Default: now. Accepted " + SummaryQuery.AcceptedRange + ".")]
    [OpenApiParameter("granularity", Enum = ["minute", "hour", "day"])]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(AnalyticsSummary))]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "validation")]
    [OpenApiProblem(StatusCodes.Status404NotFound, "not-found")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "analytics/summary")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (await admins.RefuseUnlessStaffAsync(request, cancellationToken) is { } refusal)
        {
            return refusal;
        }

        var (query, errors) = SummaryQuery.Parse(request.Query["from"], request.Query["to"], request.Query["granularity"], clock.GetUtcNow());
        if (query is null)
        {
            return Problems.Validation(errors, "The summary range is not valid.");
        }

        return new OkObjectResult(await summaries.GetAsync(query, cancellationToken));
    }
}
