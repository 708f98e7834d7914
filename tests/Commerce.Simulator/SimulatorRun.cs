using Commerce.Testing;

namespace Commerce.Simulator;

/// <summary>
/// A whole run as one call (the command line and the tests both use it): start a fresh dev host unless a base URL is
/// given, run the <see cref="Simulation"/> while <paramref name="watch"/> shows progress, and write the report.
/// </summary>
public static class SimulatorRun
{
    /// <summary>What the simulator's dev host runs with: a small demo catalog, and abandoned payment actions time out within the drain.</summary>
    public static IReadOnlyDictionary<string, string> DevHostSettings(SimulatorOptions options) => new Dictionary<string, string>
    {
        ["Catalog__Demo__Products"] = options.CatalogProducts.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Orders__PaymentActionTimeout"] = "00:00:10",
        ["DevHost__AdminKey"] = options.AdminKey,
    };

    public static async Task<Report> RunAsync(SimulatorOptions options, string configuration, Func<Simulation, Task, Task>? watch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var dataPath = options.SeedsChaosPromotions ? Path.Combine(Path.GetTempPath(), "commerce-devhost", Guid.NewGuid().ToString("N")) : null;
        await using var documents = await DevHostDocuments.StartAsync(options.BaseUrl is null ? options.Documents : DocumentProvider.Sqlite);
        try
        {
            if (dataPath is not null)
            {
                await ChaosPromotions.SeedAsync(documents, dataPath, cancellationToken);
            }

            return await RunAsync(options, configuration, documents, dataPath, watch, cancellationToken);
        }
        finally
        {
            if (dataPath is not null && Directory.Exists(dataPath))
            {
                Directory.Delete(dataPath, recursive: true);
            }
        }
    }

    static async Task<Report> RunAsync(SimulatorOptions options, string configuration, DevHostDocuments documents, string? dataPath, Func<Simulation, Task, Task>? watch, CancellationToken cancellationToken)
    {
        var settings = DevHostSettings(options).Concat(documents.EnvironmentVariables).ToDictionary();
        await using var devHost = options.BaseUrl is null ? await DevHostProcess.StartAsync(configuration, settings, dataPath: dataPath) : null;
        // Each call records its answer (status, ETag) and has it checked against the OpenAPI document on the way back.
        using var contract = new OpenApiContractHandler(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        using var http = new HttpClient(new CallRecordingHandler(contract))
        {
            BaseAddress = options.BaseUrl ?? devHost!.BaseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        http.DefaultRequestHeaders.Add("x-functions-key", options.AdminKey);

        var simulation = new Simulation(options, http, contract);
        var run = simulation.RunAsync(cancellationToken);
        if (watch is not null)
        {
            await watch(simulation, run);
        }

        var report = await run;
        await report.WriteAsync(options.OutputDirectory, simulation.Metrics.Latencies(), simulation.Ledger.CompletionLatencies());
        return report;
    }
}
