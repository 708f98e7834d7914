using System.Net.Http.Json;
using Commerce.DevHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Commerce.Catalog.IntegrationTests;

/// <summary>The dev host in process with its data in a fresh temporary folder and no demo seeding, plus an admin client.</summary>
public class CatalogDevHost : WebApplicationFactory<DevHostOptions>
{
    public const string AdminKey = "catalog-tests-key";

    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "commerce-catalog-tests", Guid.NewGuid().ToString("N"));

    /// <summary>Demo products the host seeds on start.</summary>
    protected virtual int DemoProducts => 0;

    public HttpClient Admin()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("x-functions-key", AdminKey);
        return client;
    }

    /// <summary>Creates the categories the tests use (idempotent).</summary>
    public async Task WithCategoriesAsync(CancellationToken cancellationToken)
    {
        using var admin = Admin();
        (await admin.PutAsJsonAsync("/api/admin/categories/clothing", new { name = "Clothing" }, cancellationToken)).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync("/api/admin/categories/knitwear", new { name = "Knitwear", parentId = "clothing" }, cancellationToken)).EnsureSuccessStatusCode();
    }

    public static object Product(string id, string name) => new
    {
        id,
        name,
        brand = "Northwind",
        categoryId = "knitwear",
        status = "active",
        variants = new[] { new { sku = id.ToUpperInvariant() + "-M", options = new { size = "M", color = "navy" }, prices = new { USD = 5900, EUR = 5400 } } },
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DevHost:DataPath", DataPath);
        builder.UseSetting("DevHost:AdminKey", AdminKey);
        builder.UseSetting("Catalog:Demo:Products", DemoProducts.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Catalog:Demo:BatchSize", "16");
        builder.UseEnvironment("Development");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }
}
