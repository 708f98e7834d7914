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

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }
}
