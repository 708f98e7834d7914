using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Commerce.DevHost.Tests;

/// <summary>
/// The dev host as a developer runs it: its own process, its own Kestrel, a URL from <c>--urls</c> and a data folder
/// from <c>DevHost__DataPath</c>.
/// </summary>
public sealed class DevHostProcessTests : IAsyncLifetime
{
    readonly string dataPath = Path.Combine(Path.GetTempPath(), "commerce-devhost-process", Guid.NewGuid().ToString("N"));
    readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };
    Process? process;
    string baseUrl = string.Empty;

    public ValueTask InitializeAsync()
    {
        var port = FreePort();
        baseUrl = $"http://127.0.0.1:{port}";
        var output = RepositoryPaths.AppOutput("Commerce.DevHost");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(output, "Commerce.DevHost.dll"), "--urls", baseUrl])
        {
            WorkingDirectory = output,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DevHost__DataPath"] = dataPath;
        process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        if (process is { HasExited: false })
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process?.Dispose();
        http.Dispose();
        if (Directory.Exists(dataPath))
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task Started_process_serves_the_four_health_routes_and_the_openapi_document()
    {
        await WaitUntilAnsweringAsync();

        foreach (var app in new[] { "catalog", "cart", "orders", "analytics" })
        {
            var response = await http.GetAsync($"{baseUrl}/api/{app}/health", TestContext.Current.CancellationToken);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(app, body.RootElement.GetProperty("app").GetString());
            Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        }

        using var openApi = JsonDocument.Parse(await http.GetStringAsync($"{baseUrl}/openapi/v1.json", TestContext.Current.CancellationToken));
        var paths = openApi.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Contains("/api/catalog/health", paths);
        Assert.Contains("/api/analytics/health", paths);

        var landing = await http.GetStringAsync(baseUrl + "/", TestContext.Current.CancellationToken);
        Assert.Contains("/openapi/v1.json", landing, StringComparison.Ordinal);
        Assert.Contains("/scalar/v1", landing, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(baseUrl + "/scalar/v1", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Embedded_data_lives_in_the_configured_folder()
    {
        await WaitUntilAnsweringAsync();

        Assert.True(Directory.Exists(dataPath), $"{dataPath} was not created");
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(dataPath, "*", SearchOption.AllDirectories));
    }

    async Task WaitUntilAnsweringAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            Assert.False(process!.HasExited, $"dev host exited with code {(process.HasExited ? process.ExitCode : 0)}");
            try
            {
                var response = await http.GetAsync($"{baseUrl}/api/catalog/health", TestContext.Current.CancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Assert.True(DateTime.UtcNow < deadline, "dev host did not answer within 60 s");
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
