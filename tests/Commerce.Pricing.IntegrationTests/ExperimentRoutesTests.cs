using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Pricing.IntegrationTests;

/// <summary>The experiment routes through the dev host: staff define, read, measure, stop and roll out; overlaps are 409 problems; others see no route.</summary>
public sealed class ExperimentRoutesTests(PricingHost host) : IClassFixture<PricingHost>
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    readonly HttpClient staff = host.CreateStaffClient();

    static object Definition(string sku) => new
    {
        name = "Crew -5 %",
        variants = new object[] { new { name = "control", multiplierBasisPoints = 10_000, weight = 50 }, new { name = "minus5", multiplierBasisPoints = 9_500, weight = 50 } },
        skus = new[] { sku },
    };

    [Fact]
    public async Task Staff_start_an_experiment_a_second_one_on_the_same_sku_is_a_409_problem_and_stopping_frees_the_sku()
    {
        var (_, sku) = await host.NewProductAsync("exp-" + Guid.NewGuid().ToString("N")[..6], 2_000);

        using var created = await staff.PostAsJsonAsync("/api/admin/experiments", Definition(sku), Cancel);
        using var overlapping = await staff.PostAsJsonAsync("/api/admin/experiments", Definition(sku), Cancel);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, overlapping.StatusCode);
        Assert.Equal("application/problem+json", overlapping.Content.Headers.ContentType?.MediaType);
        var problem = await overlapping.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.EndsWith("/experiment-overlap", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString();

        await host.Services.GetRequiredService<Experiments>().RecordVisitAsync(id!, "shopper-1", converted: true, revenue: 1_900, margin: 900, Cancel);
        var results = await staff.GetFromJsonAsync<JsonElement>($"/api/admin/experiments/{id}/results", Cancel);
        Assert.Equal(1, results.GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("visitors").GetInt64()));

        using var stopped = await staff.PostAsync($"/api/admin/experiments/{id}/stop", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, stopped.StatusCode);
        using var again = await staff.PostAsJsonAsync("/api/admin/experiments", Definition(sku), Cancel);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
    }

    [Fact]
    public async Task Staff_list_the_running_experiments_with_their_results_and_a_stopped_one_leaves_the_list()
    {
        var (_, sku) = await host.NewProductAsync("exp-list-" + Guid.NewGuid().ToString("N")[..6], 2_000);
        using var created = await staff.PostAsJsonAsync("/api/admin/experiments", Definition(sku), Cancel);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
        await host.Services.GetRequiredService<Experiments>().RecordVisitAsync(id, "shopper-1", converted: true, revenue: 1_900, margin: 900, Cancel);

        var running = (await staff.GetFromJsonAsync<JsonElement>("/api/admin/experiments", Cancel)).EnumerateArray().Where(e => e.GetProperty("experiment").GetProperty("id").GetString() == id).ToArray();
        using var shopper = await host.CreateShopperClientAsync();
        using var hidden = await shopper.GetAsync("/api/admin/experiments", Cancel);
        using var stopped = await staff.PostAsync($"/api/admin/experiments/{id}/stop", null, Cancel);
        var after = await staff.GetFromJsonAsync<JsonElement>("/api/admin/experiments", Cancel);

        var listed = Assert.Single(running);
        Assert.Equal(1, listed.GetProperty("results").GetProperty("variants").EnumerateArray().Sum(v => v.GetProperty("visitors").GetInt64()));
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.DoesNotContain(after.EnumerateArray(), e => e.GetProperty("experiment").GetProperty("id").GetString() == id);
    }

    [Fact]
    public async Task A_malformed_definition_is_a_validation_problem_and_shoppers_see_no_experiment_routes()
    {
        using var bad = await staff.PostAsJsonAsync("/api/admin/experiments", new { name = "x", variants = Array.Empty<object>() }, Cancel);
        using var shopper = await host.CreateShopperClientAsync();
        using var hidden = await shopper.PostAsJsonAsync("/api/admin/experiments", Definition("SKU-1"), Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
    }
}
