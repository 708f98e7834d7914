using System.Net.Http.Json;
using System.Text.Json;
using Commerce.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Commerce.DevHost.Tests;

/// <summary>The dev host in process (the same Program), with its data in a fresh temporary folder.</summary>
public sealed class DevHostFactory : WebApplicationFactory<DevHostOptions>
{
    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "commerce-devhost-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DevHost:DataPath", DataPath);
        builder.UseSetting("Catalog:Demo:Products", "200");
        builder.UseEnvironment("Development");
    }

    /// <summary>
    /// A demo product once the catalog has seeded it: the dev host seeds its demo catalog in the background after it
    /// starts, so a test that reads a product first waits (with a deadline) instead of racing the seeder.
    /// </summary>
    public static async Task<JsonElement> DemoProductAsync(HttpClient client, string productId, CancellationToken cancellationToken)
    {
        JsonElement product = default;
        await Eventually.UntilAsync(async () =>
        {
            using var response = await client.GetAsync($"/api/products/{productId}", cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            product = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return true;
        }, TimeSpan.FromSeconds(60), because: $"the demo catalog to hold {productId}", cancellationToken: cancellationToken);
        return product;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }
}
