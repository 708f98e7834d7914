namespace Commerce.Testing;

/// <summary>
/// The dev host's Azurite backend (<c>DevHost:Backend=Azurite</c>) for a test, laid out as the dev host's own defaults and
/// Azure lay it out: an Azurite for the apps' storage account (<see cref="AzuriteFixture"/>) and another for the task hub's
/// account, each of its services in a process of its own, with a fresh task hub on it. Hosts started one after the other
/// with the same <see cref="Settings"/> share the task hub, as a restarted dev host does.
/// </summary>
public sealed class DevHostAzurite : IAsyncDisposable
{
    readonly AzuriteFixture azurite;
    readonly AzuriteFixture hub;

    DevHostAzurite(AzuriteFixture azurite, AzuriteFixture hub)
    {
        this.azurite = azurite;
        this.hub = hub;
        Settings = new Dictionary<string, string?>
        {
            ["DevHost:Backend"] = "Azurite",
            ["DevHost:Azurite:ConnectionString"] = azurite.ConnectionString,
            ["DevHost:Azurite:TaskHub"] = "hub" + Guid.NewGuid().ToString("N")[..20],
            ["DevHost:Azurite:TaskHubConnectionString"] = hub.ConnectionString,
            ["DevHost:Azurite:Start"] = "false",
        };
    }

    /// <summary>The storage connection string of the apps' account (their queues).</summary>
    public string ConnectionString => azurite.ConnectionString;

    /// <summary>The storage connection string of the task hub's account.</summary>
    public string TaskHubConnectionString => hub.ConnectionString;

    /// <summary>Configuration keys (<c>:</c>-separated) that put a dev host on this Azurite and task hub.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The CPU time each Azurite process has used so far: <c>apps</c> (the apps' account, one process) and <c>task hub blob|queue|table</c>.</summary>
    public IReadOnlyList<(string Name, TimeSpan Cpu)> ProcessorTimes()
        => [.. azurite.ProcessorTimes().Select(p => ("apps", p.Cpu)), .. hub.ProcessorTimes().Select(p => ($"task hub {p.Service}", p.Cpu))];

    /// <summary>Starts both Azurites and waits until they answer.</summary>
    public static async Task<DevHostAzurite> StartAsync()
    {
        var azurite = new AzuriteFixture();
        var hub = new AzuriteFixture { ProcessPerService = true };
        try
        {
            await Task.WhenAll(azurite.InitializeAsync().AsTask(), hub.InitializeAsync().AsTask());
        }
        catch
        {
            await hub.DisposeAsync();
            await azurite.DisposeAsync();
            throw;
        }

        return new DevHostAzurite(azurite, hub);
    }

    public async ValueTask DisposeAsync()
    {
        await hub.DisposeAsync();
        await azurite.DisposeAsync();
    }
}
