namespace Commerce.DevHost.Azurite;

/// <summary>Where the <see cref="DevHostBackend.Azurite"/> backend keeps orchestrations and queues (section <c>DevHost:Azurite</c>).</summary>
public sealed class AzuriteOptions
{
    public const string Section = "DevHost:Azurite";

    /// <summary>The storage account: Azurite's well-known development account on its default ports unless set.</summary>
    public string ConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>
    /// The storage account of the durable task hub: in Azure an account of its own (host.json's
    /// <c>storageProvider.connectionName</c>, <c>DurableTaskStorage</c>); the dev host's appsettings.json puts it on Azurite's
    /// development account at ports 10010–10012, apart from the apps' queues. Unset or empty: <see cref="ConnectionString"/>.
    /// </summary>
    public string? TaskHubConnectionString { get; set; }

    /// <summary>The connection string the task hub is reached through: <see cref="TaskHubConnectionString"/>, else the apps' account.</summary>
    public string TaskHubAccount => string.IsNullOrEmpty(TaskHubConnectionString) ? ConnectionString : TaskHubConnectionString;

    /// <summary>The durable task hub (its queues, tables and lease blobs are named after it); a restarted dev host resumes the sagas of the same hub.</summary>
    public string TaskHub { get; set; } = "commercedevhost";

    /// <summary>
    /// Start Azurite from <c>tests/node_modules</c> (run <c>npm ci</c> in <c>tests</c> once) when nothing answers on the
    /// connection string's loopback endpoints; it keeps its data under <c>DevHost:DataPath</c> and stops with the dev host.
    /// </summary>
    public bool Start { get; set; } = true;
}
