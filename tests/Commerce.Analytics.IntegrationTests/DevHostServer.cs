using System.Net.Http.Json;
using System.Text.Json;
using Commerce.DevHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Analytics.Testing;

/// <summary>
/// The dev host started in process on real Kestrel at a free loopback port (browsers and load tools need a socket),
/// with its data in a fresh temporary folder and the events generator off.
/// </summary>
public sealed class DevHostServer : IAsyncDisposable
{
    readonly WebApplication app;

    DevHostServer(WebApplication app, string dataPath, Uri address)
    {
        this.app = app;
        DataPath = dataPath;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public string DataPath { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>The dev host's admin key: the analytics summary and dashboard are admin routes.</summary>
    public string AdminKey => app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<DevHostOptions>>().Value.AdminKey;

    /// <summary>Events the platform itself sends (a purchase is published by the orders app, never posted by a client).</summary>
    public Task PublishServerSideAsync(params Commerce.Contracts.StorefrontEvent[] events)
        => app.Services.GetRequiredService<Commerce.Contracts.IClickstreamPublisher>().PublishAsync(events);

    /// <param name="settings">Configuration on top of the test defaults.</param>
    /// <param name="configure">Changes to the host's services after the dev host registered its own (e.g. a store decorator).</param>
    public static async Task<DevHostServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var dataPath = Path.Combine(Path.GetTempPath(), "commerce-analytics-tests", Guid.NewGuid().ToString("N"));
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DevHost:DataPath"] = dataPath,
            ["Catalog:Demo:Products"] = "50",
            ["DevHost:EventsGenerator:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.AddCommerceDevHost();
        configure?.Invoke(builder);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapCommerceDevHost();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new DevHostServer(app, dataPath, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/"));
    }

    /// <summary>The summary of the last hour (and the next minute), per minute.</summary>
    public async Task<JsonElement> SummaryAsync(CancellationToken cancellationToken = default)
    {
        var to = DateTimeOffset.UtcNow.AddMinutes(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        var from = DateTimeOffset.UtcNow.AddHours(-1).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/analytics/summary?from={Uri.EscapeDataString(from)}&to={Uri.EscapeDataString(to)}");
        request.Headers.Add("x-functions-key", AdminKey);
        using var response = await Client.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    public static long Count(JsonElement summary, string counter) => summary.GetProperty("totals").GetProperty("counts").GetProperty(counter).GetInt64();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
        if (Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }
}
