using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Replenishment.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Replenishment.IntegrationTests;

public sealed class ReplenishmentSettingsTests(ReplenishmentHost host) : IClassFixture<ReplenishmentHost>
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    ReplenishmentSettings Settings => host.Services.GetRequiredService<ReplenishmentSettings>();

    [Fact]
    public async Task Sane_supply_terms_are_stored_for_the_supplier_and_warehouse()
    {
        using var staff = host.CreateStaffClient();

        using var response = await staff.PutAsJsonAsync("/api/admin/replenishment/suppliers/acme/warehouses/wh-east", new { leadTimeDays = 6, reviewDays = 7 }, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new SupplyTerms("acme", "wh-east", 6, 7), await Settings.TermsAsync("acme", "wh-east", Cancel));
    }

    [Theory]
    [InlineData(0, 1, "leadTimeDays")]
    [InlineData(365, 1, "leadTimeDays")]
    [InlineData(-2, 1, "leadTimeDays")]
    [InlineData(5, 0, "reviewDays")]
    [InlineData(5, 90, "reviewDays")]
    public async Task Supply_terms_outside_sane_ranges_are_refused_and_nothing_is_stored(int leadTimeDays, int reviewDays, string field)
    {
        using var staff = host.CreateStaffClient();
        var supplier = "s-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await staff.PutAsJsonAsync($"/api/admin/replenishment/suppliers/{supplier}/warehouses/wh-east", new { leadTimeDays, reviewDays }, Cancel);

        await AssertValidationProblemAsync(response, field);
        Assert.Null(await Settings.TermsAsync(supplier, "wh-east", Cancel));
    }

    [Theory]
    [InlineData("0.3")]
    [InlineData("1")]
    [InlineData("0.9999")]
    [InlineData("null")]
    public async Task Service_levels_outside_sane_ranges_are_refused_and_the_default_stays(string serviceLevel)
    {
        using var staff = host.CreateStaffClient();
        var category = "c-" + Guid.NewGuid().ToString("N")[..8];
        using var body = new StringContent($$"""{"serviceLevel": {{serviceLevel}}}""", System.Text.Encoding.UTF8, "application/json");

        using var response = await staff.PutAsync($"/api/admin/replenishment/categories/{category}", body, Cancel);

        await AssertValidationProblemAsync(response, "serviceLevel");
        Assert.Equal(0.95, await Settings.ServiceLevelAsync(category, Cancel));
    }

    [Fact]
    public async Task A_category_service_level_in_range_is_stored()
    {
        using var staff = host.CreateStaffClient();

        using var response = await staff.PutAsJsonAsync("/api/admin/replenishment/categories/outerwear", new { serviceLevel = 0.98 }, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0.98, await Settings.ServiceLevelAsync("outerwear", Cancel));
    }

    [Fact]
    public async Task A_supplier_for_a_sku_not_in_the_catalog_is_refused_and_nothing_is_stored()
    {
        using var staff = host.CreateStaffClient();
        var sku = "NOPE-" + Guid.NewGuid().ToString("N")[..8];

        using var response = await staff.PutAsJsonAsync($"/api/admin/replenishment/skus/{sku}/supplier", new { supplier = "acme" }, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("/replenishment-unknown-sku", (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("type").GetString());
        Assert.Null(await Settings.SupplierAsync(sku, Cancel));
    }

    [Fact]
    public async Task Replenishment_settings_are_not_found_for_anyone_but_staff()
    {
        using var anonymous = host.CreateClient();

        using var response = await anonymous.PutAsJsonAsync("/api/admin/replenishment/suppliers/acme/warehouses/wh-west", new { leadTimeDays = 6 }, Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(await Settings.TermsAsync("acme", "wh-west", Cancel));
    }

    static async Task AssertValidationProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.EndsWith("/validation", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }
}
