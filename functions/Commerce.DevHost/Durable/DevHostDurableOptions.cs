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

    /// <summary>Control queues (partitions) of the task hub on the <see cref="DevHostBackend.Azurite"/> backend.</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>
    /// How long an idle Azure Storage engine may wait between polls of its queues (<see cref="DevHostBackend.Azurite"/>
    /// backend; the provider's default of 30 s makes the first saga after a pause wait that long).
    /// </summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1);
}
