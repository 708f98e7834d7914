namespace Commerce.Testing;

/// <summary>
/// The built dev host as a developer runs it: its own process, its own Kestrel on a free loopback port (<c>--urls</c>),
/// its data in a fresh folder (<c>DevHost__DataPath</c>), removed on dispose.
/// </summary>
public sealed class DevHostProcess : IAsyncDisposable
{
    readonly ChildProcess process;
    readonly bool ownsData;

    DevHostProcess(ChildProcess process, Uri baseAddress, string dataPath, bool ownsData)
    {
        this.process = process;
        BaseAddress = baseAddress;
        DataPath = dataPath;
        this.ownsData = ownsData;
    }

    public Uri BaseAddress { get; }

    public string DataPath { get; }

    public bool IsRunning => process.IsRunning;

    public string Output => process.Output;

    /// <summary>
    /// Starts the dev host built in <paramref name="configuration"/> and waits until <c>/api/catalog/health</c> answers.
    /// With <paramref name="dataPath"/> it runs on that folder and leaves it in place (a restart on the same data);
    /// without, on a fresh folder removed on dispose.
    /// </summary>
    public static async Task<DevHostProcess> StartAsync(string configuration, IReadOnlyDictionary<string, string>? settings = null, TimeSpan? timeout = null, string? dataPath = null)
    {
        var output = Path.Combine(TestPaths.RepositoryRoot, "functions", "Commerce.DevHost", "bin", configuration, "net10.0");
        var dll = Path.Combine(output, "Commerce.DevHost.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build functions/Commerce.DevHost in {configuration} first.");
        }

        var ownsData = dataPath is null;
        dataPath ??= Path.Combine(Path.GetTempPath(), "commerce-devhost", Guid.NewGuid().ToString("N"));
        var environment = new Dictionary<string, string>(settings ?? new Dictionary<string, string>()) { ["DevHost__DataPath"] = dataPath };
        using var http = new HttpClient();
        try
        {
            var (process, port) = await ChildProcess.StartOnFreeLoopbackPortAsync(
                "the dev host",
                port => ChildProcess.Start("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"], output, environment),
                async (port, ct) => (await http.GetAsync(new Uri($"http://127.0.0.1:{port}/api/catalog/health"), ct)).IsSuccessStatusCode,
                timeout ?? TimeSpan.FromSeconds(60));
            return new DevHostProcess(process, new Uri($"http://127.0.0.1:{port}"), dataPath, ownsData);
        }
        catch when (ownsData && Directory.Exists(dataPath))
        {
            try
            {
                Directory.Delete(dataPath, recursive: true);
            }
            catch (IOException)
            {
                // Best effort: a temp folder; the start's own failure is what matters.
            }

            throw;
        }
    }

    /// <summary>Kills the process tree (SIGKILL: no graceful shutdown), as a crash would.</summary>
    public ValueTask KillAsync() => process.DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        await process.DisposeAsync();
        if (ownsData && Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }
}
