namespace Commerce.DevHost.Azurite;

/// <summary>Where the <see cref="DevHostBackend.Azurite"/> backend keeps orchestrations and queues (section <c>DevHost:Azurite</c>).</summary>
public sealed class AzuriteOptions
{
    public const string Section = "DevHost:Azurite";

    /// <summary>The storage account: Azurite's well-known development account on its default ports unless set.</summary>
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>The durable task hub (its queues, tables and lease blobs are named after it); a restarted dev host resumes the sagas of the same hub.</summary>
    public string TaskHub { get; set; } = "commercedevhost";

    /// <summary>
    /// Start Azurite from <c>tests/node_modules</c> (run <c>npm ci</c> in <c>tests</c> once) when nothing answers on the
    /// connection string's loopback endpoints; it keeps its data under <c>DevHost:DataPath</c> and stops with the dev host.
    /// </summary>
    public bool Start { get; set; } = true;
}
