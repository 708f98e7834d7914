using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Commerce.Pricing.IntegrationTests;

/// <summary>Shoppers of a price experiment, as the storefront tests make them: a staff-started experiment and guests in a chosen variant.</summary>
internal static class ExperimentGuests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Starts an experiment through the staff route and returns its id.</summary>
    public static async Task<string> StartAsync(HttpClient staff, object definition)
    {
        using var created = await staff.PostAsJsonAsync("/api/admin/experiments", definition, Cancel);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(created.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>A fresh session id a 50/50 experiment assigns to <paramref name="variant"/> (0: the control).</summary>
    public static string SessionIn(string experimentId, int variant)
    {
        while (true)
        {
            var session = "s-" + Guid.NewGuid().ToString("N")[..12];
            if (LivePriceExperiment.Assign(experimentId, ExperimentShoppers.Of(null, session)!, [50, 50]) == variant)
            {
                return session;
            }
        }
    }

    /// <summary>A guest client sending <paramref name="session"/> as its session id.</summary>
    public static HttpClient Guest(this PricingHost host, string session)
    {
        var http = host.CreateClient();
        http.DefaultRequestHeaders.Add(ExperimentShoppers.SessionHeader, session);
        return http;
    }
}
