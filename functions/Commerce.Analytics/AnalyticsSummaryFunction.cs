using Commerce.Analytics.Domain.Summary;

namespace Commerce.Analytics;

/// <summary>`GET /api/analytics/summary?from=&amp;to=&amp;granularity=minute|hour|day`: the aggregates of a range, rolled up. Staff only (function key).</summary>
public sealed class AnalyticsSummaryFunction(SummaryService summaries, TimeProvider clock)
{
    [Function("AnalyticsSummary")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "analytics/summary")] HttpRequest request, CancellationToken cancellationToken)
    {
        var (query, errors) = SummaryQuery.Parse(request.Query["from"], request.Query["to"], request.Query["granularity"], clock.GetUtcNow());
        if (query is null)
        {
            return Problems.Validation(errors, "The summary range is not valid.");
        }

        return new OkObjectResult(await summaries.GetAsync(query, cancellationToken));
    }
}
