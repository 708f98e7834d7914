using System.Net;
using System.Text.Json;
using Commerce.Testing;

namespace Commerce.DevHost.Tests;

/// <summary>
/// The dev host as a developer runs it: its own process, its own Kestrel, a URL from <c>--urls</c> and a data folder
/// from <c>DevHost__DataPath</c>.
/// </summary>
public sealed class DevHostProcessTests : IAsyncLifetime
{
    DevHostProcess host = null!;
    HttpClient http = null!;

    public async ValueTask InitializeAsync()
    {
        host = await DevHostProcess.StartAsync(RepositoryPaths.Configuration);
        http = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public async ValueTask DisposeAsync()
    {
        http.Dispose();
        await host.DisposeAsync();
    }

    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Started_process_serves_the_four_health_routes_and_the_openapi_document()
    {
        foreach (var app in new[] { "catalog", "cart", "orders", "analytics" })
        {
            var response = await http.GetAsync($"/api/{app}/health", Cancel);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Cancel));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(app, body.RootElement.GetProperty("app").GetString());
            Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        }

        using var openApi = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json", Cancel));
        var paths = openApi.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("/api/catalog/health", paths);
        Assert.Contains("/api/analytics/health", paths);

        var landing = await http.GetStringAsync("/", Cancel);
        Assert.Contains("/openapi/v1.json", landing, StringComparison.Ordinal);
        Assert.Contains("/scalar/v1", landing, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/scalar/v1", Cancel)).StatusCode);
    }

    [Fact]
    public void Embedded_data_lives_in_the_configured_folder()
    {
        Assert.True(Directory.Exists(host.DataPath), $"{host.DataPath} was not created");
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(host.DataPath, "*", SearchOption.AllDirectories));
    }
}
