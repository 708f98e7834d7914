namespace Commerce.Analytics;

/// <summary>
/// `GET /api/analytics/dashboard`: a self-contained live page (inline CSS, JS and SVG; no CDN) that polls the summary
/// every two seconds and redraws the funnel, revenue and top products without a reload. The page is a function-key
/// route (open it with <c>?code=</c>); the data it polls is staff only (<see cref="AnalyticsSummaryFunction"/>): the page
/// sends its <c>code</c> along (accepted locally, where the dev host vouches for its key) and, in Azure, the bearer token
/// given in its URL fragment (<c>#token=</c>, never sent to the server by the browser) that carries the admin app role.
/// </summary>
public sealed class AnalyticsDashboard
{
    static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(AnalyticsDashboard).Assembly.GetManifestResourceStream("Commerce.Analytics.dashboard.html")
            ?? throw new InvalidOperationException("The dashboard page is not embedded in the analytics assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    [Function(nameof(AnalyticsDashboard))]
    [OpenApiOperation("GetAnalyticsDashboard", "The live analytics dashboard page (function key)")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(string), ContentType = "text/html")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "analytics/dashboard")] HttpRequest request)
        => new ContentResult { Content = Page.Value, ContentType = "text/html; charset=utf-8", StatusCode = StatusCodes.Status200OK };
}
