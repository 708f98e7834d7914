namespace Commerce.DevHost;

/// <summary>Settings of the dev host itself (section <c>DevHost</c>).</summary>
public sealed class DevHostOptions
{
    public const string Section = "DevHost";

    /// <summary>The one folder all embedded data lives in (documents, blobs, queues); delete it to start clean.</summary>
    public string DataPath { get; set; } = ".devhost-data";

    /// <summary>
    /// The key admin routes (function authorization level) accept in <c>x-functions-key</c> or <c>?code=</c>.
    /// A development value, not a secret: in Azure the Functions host's own keys apply.
    /// </summary>
    public string AdminKey { get; set; } = "local-admin-key";

    /// <summary>
    /// What runs orchestrations and queue triggers: <see cref="DevHostBackend.InMemory"/> (the default: nothing to start,
    /// forgotten on restart, recovered from the checkouts-in-flight register) or <see cref="DevHostBackend.Azurite"/>
    /// (the Azure Storage durable provider and Storage queues over Azurite, as in Azure: sagas survive a restart).
    /// </summary>
    public DevHostBackend Backend { get; set; } = DevHostBackend.InMemory;

    /// <summary>Run timer-triggered functions on their schedules (off by default; run one on demand with <c>POST /admin/functions/{name}</c>).</summary>
    public bool RunTimers { get; set; }

    /// <summary>
    /// Recommend products none of whose SKUs has an inventory record yet (on by default: the demo catalog seeds no
    /// inventory). Off: no stock record means not in stock, as in Azure.
    /// </summary>
    public bool SellWithoutStockRecord { get; set; } = true;
}

/// <summary>What the dev host runs orchestrations and queue triggers on (<c>DevHost:Backend</c>).</summary>
public enum DevHostBackend
{
    /// <summary>The in-process Durable Task engine and in-process queues: nothing to start, nothing kept across a restart.</summary>
    InMemory,

    /// <summary>The Azure Storage durable provider and Azure Storage queues, over Azurite (started from <c>tests/node_modules</c> when none answers).</summary>
    Azurite,
}
