using Commerce.Cart.Auth;
using Commerce.DevHost;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Commerce.Replenishment.IntegrationTests;

/// <summary>The whole dev host in process (the same Program, every app), its data in a fresh folder, no demo catalog.</summary>
public sealed class ReplenishmentHost : ReplenishmentHostBase;

/// <summary>The whole dev host in process (the same Program, every app), its data in a fresh folder, no demo catalog.</summary>
public abstract class ReplenishmentHostBase : WebApplicationFactory<DevHostOptions>
{
    public const string StaffKey = "local-admin-key";

    public string DataPath { get; } = Path.Combine(Path.GetTempPath(), "commerce-replenishment-tests", Guid.NewGuid().ToString("N"));

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("DevHost:DataPath", DataPath);
        builder.UseSetting("Catalog:Demo:Products", "0");
        builder.UseEnvironment("Development");
    }

    /// <summary>A client holding the dev host's staff key.</summary>
    public HttpClient CreateStaffClient()
    {
        var http = CreateClient();
        http.DefaultRequestHeaders.Add(AdminAccess.KeyHeader, StaffKey);
        return http;
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
