namespace Commerce.Testing;

/// <summary>
/// The dev host's Azurite backend (<c>DevHost:Backend=Azurite</c>) for a test: an Azurite of its own
/// (<see cref="AzuriteFixture"/>) and a fresh task hub on it. Hosts started one after the other with the same
/// <see cref="Settings"/> share the task hub, as a restarted dev host does.
/// </summary>
public sealed class DevHostAzurite : IAsyncDisposable
{
    readonly AzuriteFixture azurite;

    DevHostAzurite(AzuriteFixture azurite)
    {
        this.azurite = azurite;
        Settings = new Dictionary<string, string?>
        {
            ["DevHost:Backend"] = "Azurite",
            ["DevHost:Azurite:ConnectionString"] = azurite.ConnectionString,
            ["DevHost:Azurite:TaskHub"] = "hub" + Guid.NewGuid().ToString("N")[..20],
            ["DevHost:Azurite:Start"] = "false",
        };
    }

    /// <summary>The storage connection string of this Azurite.</summary>
    public string ConnectionString => azurite.ConnectionString;

    /// <summary>Configuration keys (<c>:</c>-separated) that put a dev host on this Azurite and task hub.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>Starts Azurite and waits until it answers.</summary>
    public static async Task<DevHostAzurite> StartAsync()
    {
        var azurite = new AzuriteFixture();
        try
        {
            await azurite.InitializeAsync();
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        return new DevHostAzurite(azurite);
    }

    public ValueTask DisposeAsync() => azurite.DisposeAsync();
}
