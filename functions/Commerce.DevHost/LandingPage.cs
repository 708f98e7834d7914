using System.Net;
using System.Text;
using Commerce.DevHost.Functions;

namespace Commerce.DevHost;

/// <summary>The page at <c>/</c>: what runs here and where to try it.</summary>
public static class LandingPage
{
    public static IResult Render(FunctionCatalog catalog)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Commerce Functions dev host</title>")
            .Append("<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}code{background:#f4f4f4;padding:0 .2rem}td,th{padding:.2rem .6rem;text-align:left}</style></head><body>")
            .Append("<h1>Commerce Functions dev host</h1>")
            .Append("<p>Every function of the four apps, in one process, on embedded defaults.</p>")
            .Append("<ul><li><a href=\"/scalar/v1\">Interactive API reference (Scalar)</a></li><li><a href=\"/openapi/v1.json\">OpenAPI document</a></li></ul>");
        foreach (var app in catalog.Functions.GroupBy(f => f.App))
        {
            html.Append("<h2>").Append(WebUtility.HtmlEncode(app.Key)).Append("</h2><table><tr><th>function</th><th>trigger</th><th>route / queue</th></tr>");
            foreach (var function in app)
            {
                var where = function.Kind switch
                {
                    TriggerKind.Http => string.Join(' ', function.HttpMethods) + " /api/" + function.Route,
                    TriggerKind.Queue => "queue " + function.QueueName,
                    TriggerKind.Timer => "schedule " + function.Schedule,
                    _ => string.Empty,
                };
                html.Append("<tr><td>").Append(WebUtility.HtmlEncode(function.Name))
                    .Append("</td><td>").Append(function.Kind)
                    .Append("</td><td><code>").Append(WebUtility.HtmlEncode(where)).Append("</code></td></tr>");
            }

            html.Append("</table>");
        }

        html.Append("</body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }
}
