using System.Text.RegularExpressions;

namespace Commerce.Infra.Tests;

/// <summary>
/// The storefront edge (API Management): every storefront route the apps serve is published on the one hostname and
/// reaches the app that serves it; keyed back-office routes are not published; cart and checkout are rate limited per
/// client with a problem+json 429 and Retry-After; CORS names exactly the configured origins.
/// </summary>
public sealed partial class EdgeTests(CompiledInfra infra)
{
    private const string Apis = "Microsoft.ApiManagement/service/apis";
    private const string Operations = "Microsoft.ApiManagement/service/apis/operations";
    private const string ApiPolicies = "Microsoft.ApiManagement/service/apis/policies";
    private const string ServicePolicies = "Microsoft.ApiManagement/service/policies";
    private const string ImagesApi = "images";
    private const string OpenApiApi = "openapi";

    /// <summary>(app, route after /api, keyed) for every HTTP trigger in the apps' sources.</summary>
    private static List<(string App, string Route, bool Keyed)> Triggers() =>
        Policies.ServiceNames
            .SelectMany(app => Directory.EnumerateFiles(Path.Combine(Bicep.RepositoryRoot, "functions", $"Commerce.{char.ToUpperInvariant(app[0])}{app[1..]}"), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .SelectMany(f => HttpTrigger().Matches(File.ReadAllText(f)))
                .Select(m => (app, m.Groups["route"].Value, m.Groups["level"].Value != "Anonymous")))
            .ToList();

    private static string FirstSegment(string route) => route.Split('/')[0];

    /// <summary>The API API Management picks for a route: of the published prefixes, the longest that covers whole segments of it.</summary>
    private static string? PublishedPrefix(IEnumerable<string> prefixes, string route) =>
        prefixes.Where(p => route == p || route.StartsWith(p + "/", StringComparison.Ordinal)).MaxBy(p => p.Length);

    [Fact]
    public void Every_storefront_route_is_published_on_the_edge_and_reaches_the_app_that_serves_it()
    {
        var resources = infra.Template.Resources();
        var apim = Policies.NameOf(resources.OfType("Microsoft.ApiManagement/service").Single().Name);
        var apis = resources.OfType(Apis).Where(a => Policies.NameOf(a.Name) is not (ImagesApi or OpenApiApi)).ToDictionary(a => ((string)a["properties.path"]!)["api/".Length..], a => a);
        var triggers = Triggers();
        Assert.NotEmpty(triggers);

        // Each app's OpenAPI document (openapi/v1.json) is merged at the edge rather than forwarded: see the OpenAPI test.
        var published = triggers.Where(t => !t.Keyed && FirstSegment(t.Route) != OpenApiApi).ToList();
        foreach (var (app, route, _) in published)
        {
            var prefix = PublishedPrefix(apis.Keys, route);
            Assert.True(prefix is not null, $"/api/{route} ({app}) is not published on the edge");
            var api = apis[prefix];
            Assert.Equal(prefix.Replace('/', '-'), Policies.NameOf(api.Name));
            var backend = Assert.IsType<Unknown>(api["properties.serviceUrl"]).Origin;
            Assert.True(backend.Contains($"deployments/app-{app})", StringComparison.Ordinal), $"/api/{route} is served by {app} but the edge's api/{prefix} forwards to {backend}");
            Assert.Equal(["https"], Assert.IsType<List<object?>>(api["properties.protocols"]));
            Assert.Equal(false, api["properties.subscriptionRequired"]);
            var methods = resources.OfType(Operations).Where(o => $"{o.Name}".StartsWith($"{apim}/{Policies.NameOf(api.Name)}/", StringComparison.Ordinal))
                .Select(o => $"{o["properties.method"]} {o["properties.urlTemplate"]}").Order(StringComparer.Ordinal);
            Assert.Equal(["DELETE /*", "GET /*", "PATCH /*", "POST /*", "PUT /*"], methods);
        }

        // Back-office routes take no function key (staff carry the admin app role), so they are published like the rest
        // (the pricing back office under admin/pricing goes to pricing, the rest of admin to the catalog); the only keyed
        // route left is the analytics dashboard page.
        Assert.Contains(published, t => t.App == "catalog" && FirstSegment(t.Route) == "admin");
        Assert.Contains(published, t => t.App == "pricing" && t.Route.StartsWith("admin/pricing/", StringComparison.Ordinal));
        Assert.Contains(published, t => t.App == "orders" && FirstSegment(t.Route) == "inventory");
        Assert.Equal([("analytics", "analytics")], triggers.Where(t => t.Keyed).Select(t => (t.App, FirstSegment(t.Route))).Distinct());
        var keyedOnly = triggers.GroupBy(t => FirstSegment(t.Route)).Where(g => g.All(t => t.Keyed)).Select(g => g.Key).ToList();
        Assert.All(keyedOnly, prefix => Assert.DoesNotContain(prefix, apis.Keys));

        // No API is published that no route needs.
        Assert.Equal(apis.Keys.Order(StringComparer.Ordinal), published.Select(t => PublishedPrefix(apis.Keys, t.Route)!).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_path_no_app_serves_gets_the_platform_s_404_problem_at_the_edge()
    {
        var global = (string)Assert.Single(infra.Template.Resources().OfType(ServicePolicies))["properties.value"]!;
        var outbound = global[global.IndexOf("<outbound>", StringComparison.Ordinal)..global.IndexOf("</outbound>", StringComparison.Ordinal)];

        Assert.Contains("context.Response.StatusCode == 404", outbound, StringComparison.Ordinal);
        Assert.Contains("StartsWith(&quot;application/problem+json&quot;)", outbound, StringComparison.Ordinal);
        Assert.Contains("<value>application/problem+json</value>", outbound, StringComparison.Ordinal);
        Assert.Contains("\"type\":\"https://commerce-functions.dev/problems/not-found\"", outbound, StringComparison.Ordinal);
    }

    [Fact]
    public void Cart_and_checkout_are_rate_limited_per_client_and_the_429_is_problem_json_with_retry_after()
    {
        var resources = infra.Template.Resources(("edgeCheckoutCallsPerMinute", 7L));
        var limited = resources.OfType(ApiPolicies).Where(p => $"{p.Name}".Split('/')[^2] is not (ImagesApi or OpenApiApi)).ToDictionary(p => $"{p.Name}".Split('/')[^2], p => (string)p["properties.value"]!);

        Assert.Equal(["carts", "checkout"], limited.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("calls=\"300\" renewal-period=\"60\"", limited["carts"], StringComparison.Ordinal);
        Assert.Contains("calls=\"7\" renewal-period=\"60\"", limited["checkout"], StringComparison.Ordinal);
        Assert.All(limited.Values, policy =>
        {
            Assert.Contains("counter-key=\"@(context.Request.IpAddress)\"", policy, StringComparison.Ordinal);
            Assert.Contains("retry-after-variable-name=\"retryAfter\"", policy, StringComparison.Ordinal);
        });

        var global = (string)Assert.Single(resources.OfType(ServicePolicies))["properties.value"]!;
        var onError = global[global.IndexOf("<on-error>", StringComparison.Ordinal)..];
        Assert.Contains("context.Response.StatusCode == 429", onError, StringComparison.Ordinal);
        Assert.Contains("<value>application/problem+json</value>", onError, StringComparison.Ordinal);
        Assert.Contains("<set-header name=\"Retry-After\"", onError, StringComparison.Ordinal);
        Assert.Contains("\\\"status\\\":429", onError, StringComparison.Ordinal);
    }

    [Fact]
    public void Edge_CORS_names_exactly_the_configured_origins_and_never_a_wildcard()
    {
        string Cors(params (string, object?)[] overrides) => (string)Assert.Single(infra.Template.Resources(overrides).OfType(ServicePolicies))["properties.value"]!;

        var configured = Cors(("allowedOrigins", "https://shop.example.com, https://www.example.com"));
        Assert.Equal(["https://shop.example.com", "https://www.example.com"], Origin().Matches(configured).Select(m => m.Groups[1].Value));
        Assert.Contains("allow-credentials=\"false\"", configured, StringComparison.Ordinal);
        Assert.Empty(Origin().Matches(Cors()));
        Assert.DoesNotContain("<origin>*</origin>", configured, StringComparison.Ordinal);
    }

    [Fact]
    public void Product_image_urls_the_catalog_hands_out_are_served_by_the_edge_from_the_private_container()
    {
        var resources = infra.Template.Resources();
        var apim = Assert.Single(resources.OfType("Microsoft.ApiManagement/service"));
        var catalog = resources.OfType(Policies.Sites).Single(s => Equals(s["tags.azd-service-name"], "catalog"));
        var settings = resources.OfType(Policies.SiteConfig).Single(c => Equals(c.Name, $"{catalog.Name}/appsettings")).Properties;

        // The catalog's image URLs: https://<edge>.azure-api.net/images/<name>, the gateway of the edge deployed here.
        var baseUrl = new Uri(Assert.IsType<string>(settings["Catalog__Images__PublicBaseUrl"]));
        Assert.Equal($"{apim.Name}.azure-api.net", baseUrl.Host);
        Assert.Equal(Uri.UriSchemeHttps, baseUrl.Scheme);

        // ... which the edge serves: GET /images/{name} from the product-images container of the data account, read with
        // the edge's own identity (Blob Data Reader on that container alone), never anonymously.
        var images = Assert.Single(resources.OfType(Apis), a => Policies.NameOf(a.Name) == ImagesApi);
        Assert.Equal(baseUrl.AbsolutePath.Trim('/'), images["properties.path"]);
        Assert.Contains("storage)", Assert.IsType<Unknown>(images["properties.serviceUrl"]).Origin, StringComparison.Ordinal);
        var operation = Assert.Single(resources.OfType(Operations), o => $"{o.Name}".Contains($"/{ImagesApi}/", StringComparison.Ordinal));
        Assert.Equal("GET", operation["properties.method"]);
        Assert.Equal("/{*name}", operation["properties.urlTemplate"]);
        Assert.Equal("SystemAssigned", apim["identity.type"]);
        var policy = (string)Assert.Single(resources.OfType(ApiPolicies), p => $"{p.Name}".Split('/')[^2] == ImagesApi)["properties.value"]!;
        Assert.Contains("<authentication-managed-identity resource=\"https://storage.azure.com/\" />", policy, StringComparison.Ordinal);
        Assert.Contains("copy-unmatched-params=\"false\"", policy, StringComparison.Ordinal);
        Assert.Contains("<cache-store", policy, StringComparison.Ordinal);
        Assert.Contains("application/problem+json", policy, StringComparison.Ordinal);

        var reader = Assert.Single(resources.OfType(Policies.RoleAssignments), r => Policies.PrincipalOf(r) == "edge");
        Assert.Equal(("containers", "product-images"), Policies.ScopeOf(reader));
        Assert.Equal("2a2b9908-6ea1-4ae2-8e65-a410df84e7d1", Policies.NameOf(reader["properties.roleDefinitionId"]));
        Assert.Contains("storage)", $"{reader["scope"]}", StringComparison.Ordinal);
        Assert.Contains(resources.OfType(Policies.BlobContainers), c => $"{c.Name}".EndsWith("/product-images", StringComparison.Ordinal) && Equals(c["properties.publicAccess"], "None"));
    }

    [Fact]
    public void The_edge_serves_one_OpenAPI_document_merged_from_what_every_app_serves()
    {
        var resources = infra.Template.Resources();
        var api = Assert.Single(resources.OfType(Apis), a => Policies.NameOf(a.Name) == OpenApiApi);
        Assert.Equal("api/openapi", api["properties.path"]);
        Assert.Equal(false, api["properties.subscriptionRequired"]);
        var operation = Assert.Single(resources.OfType(Operations), o => $"{o.Name}".Contains($"/{OpenApiApi}/", StringComparison.Ordinal));
        Assert.Equal("GET /v1.json", $"{operation["properties.method"]} {operation["properties.urlTemplate"]}");

        // One named value per app, pointing at that app's own document.
        var urls = resources.OfType("Microsoft.ApiManagement/service/namedValues").ToDictionary(v => Policies.NameOf(v.Name)!, v => Assert.IsType<Unknown>(v["properties.value"]).Origin);
        Assert.Equal(Policies.ServiceNames.Select(app => $"openapi-{app}").Order(StringComparer.Ordinal), urls.Keys.Order(StringComparer.Ordinal));
        foreach (var app in Policies.ServiceNames)
        {
            Assert.Contains($"deployments/app-{app})", urls[$"openapi-{app}"], StringComparison.Ordinal);
            Assert.EndsWith("/api/openapi/v1.json", urls[$"openapi-{app}"], StringComparison.Ordinal);
        }

        // The policy fetches each, answers 503 problem+json unless every app answered, and returns the merge as JSON.
        var policy = System.Xml.Linq.XDocument.Parse((string)Assert.Single(resources.OfType(ApiPolicies), p => $"{p.Name}".Split('/')[^2] == OpenApiApi)["properties.value"]!);
        var fetched = policy.Descendants("send-request").Select(r => r.Element("set-url")!.Value).Order(StringComparer.Ordinal);
        Assert.Equal(Policies.ServiceNames.Select(app => $"{{{{openapi-{app}}}}}").Order(StringComparer.Ordinal), fetched);
        var answers = policy.Descendants("return-response").ToList();
        Assert.Contains(answers, r => r.Element("set-status")!.Attribute("code")!.Value == "503" && r.Descendants("value").Any(v => v.Value == "application/problem+json"));
        Assert.Contains(answers, r => r.Element("set-status")!.Attribute("code")!.Value == "200" && r.Descendants("value").Any(v => v.Value == "application/json"));
        var merge = policy.Descendants("set-variable").Single(v => v.Attribute("name")!.Value == "merged").Attribute("value")!.Value;
        Assert.Contains("Merge(document[\"paths\"])", merge, StringComparison.Ordinal);
        Assert.Contains("Merge(document[\"components\"])", merge, StringComparison.Ordinal);
        Assert.Contains(policy.Descendants("cache-store-value"), c => c.Attribute("key")!.Value == "openapi-merged");
    }

    [GeneratedRegex(@"HttpTrigger\(AuthorizationLevel\.(?<level>\w+)[^)]*?Route = ""(?<route>[^""]+)""")]
    private static partial Regex HttpTrigger();

    [GeneratedRegex("<origin>([^<]+)</origin>")]
    private static partial Regex Origin();
}
