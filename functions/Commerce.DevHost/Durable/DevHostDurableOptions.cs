namespace Commerce.DevHost.Durable;

/// <summary>
/// Options for the dev host's in-process Durable Task engine (see <see cref="DevHostDurableTaskExtensions"/>).
/// Bound from the <c>DevHost:Durable</c> configuration section when one is present.
/// </summary>
public sealed class DevHostDurableOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "DevHost:Durable";

    /// <summary>
    /// How many orchestration work items, and separately how many activity work items, may be in
    /// flight at once, both in the sidecar's dispatchers and in the worker. The stock in-memory
    /// engine ties this to <see cref="Environment.ProcessorCount"/>, which throttles a 2-core
    /// machine to a crawl; this value is used instead.
    /// </summary>
    public int MaxConcurrentWorkItems { get; set; } = 1000;

    /// <summary>
    /// The loopback port the in-process gRPC sidecar listens on. When not set, a free port is
    /// taken from the operating system.
    /// </summary>
    public int? Port { get; set; }

    /// <summary>
    /// Control queues (partitions) of the task hub on the <see cref="DevHostBackend.Azurite"/> backend; unset, the
    /// Functions host's: host.json's <c>extensions.durableTask.storageProvider.partitionCount</c>, else
    /// <see cref="DefaultPartitionCount"/>.
    /// </summary>
    public int? PartitionCount { get; set; }

    /// <summary>The Azure Storage provider's partition count when host.json names none.</summary>
    public const int DefaultPartitionCount = 4;

    /// <summary>
    /// How long the <see cref="DevHostBackend.Azurite"/> backend keeps an idle running orchestration's session (its
    /// history in memory) waiting for the instance's next message; zero turns extended sessions off, so that each step
    /// reads the instance's history from the task hub again.
    /// </summary>
    public TimeSpan ExtendedSessionIdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How many requests for the next activity message the <see cref="DevHostBackend.Azurite"/> backend keeps open at once:
    /// the provider takes one message per request, so one at a time caps the activities started per second at one per
    /// round trip to Azurite.
    /// </summary>
    public int ActivityQueueReaders { get; set; } = 4;

    /// <summary>The partition count of the host.json at <paramref name="hostJsonPath"/>; null when it names none (or there is no such file).</summary>
    public static int? HostJsonPartitionCount(string hostJsonPath)
        => File.Exists(hostJsonPath)
            ? System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(hostJsonPath))?["extensions"]?["durableTask"]?["storageProvider"]?["partitionCount"]?.GetValue<int>()
            : null;

    /// <summary>
    /// How long an idle Azure Storage engine may wait between polls of its queues (<see cref="DevHostBackend.Azurite"/>
    /// backend; the provider's default of 30 s makes the first saga after a pause wait that long).
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);
}
