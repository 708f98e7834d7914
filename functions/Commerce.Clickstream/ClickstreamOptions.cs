using Commerce.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Commerce.Clickstream;

/// <summary>
/// Which transport carries the clickstream from the apps that publish it (collector, cart, orders) to the analytics app
/// (section <c>Clickstream</c>). Event Hubs when <c>EventHubs:FullyQualifiedNamespace</c> is set (Azure); the local
/// transports only when <see cref="Transport"/> names one.
/// </summary>
public sealed class ClickstreamOptions
{
    public const string Section = "Clickstream";

    /// <summary>The setting, as the refusals name it.</summary>
    public const string Setting = Section + ":" + nameof(Transport);

    /// <summary><c>EventHubs</c>, <c>StorageQueue</c> or <c>InProcess</c> (<see cref="ClickstreamTransports"/>); empty: Event Hubs when its namespace is set.</summary>
    public string? Transport { get; set; }

    /// <summary>The transport <paramref name="configuration"/> names: <see cref="Setting"/>, else Event Hubs when its namespace is set; null when neither is.</summary>
    public static string? TransportOf(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configuration[Setting] is { Length: > 0 } named)
        {
            return ClickstreamTransports.All.FirstOrDefault(t => t.Equals(named.Trim(), StringComparison.OrdinalIgnoreCase)) ?? named;
        }

        return string.IsNullOrWhiteSpace(configuration[$"{EventHubsOptions.Section}:{nameof(EventHubsOptions.FullyQualifiedNamespace)}"]) ? null : ClickstreamTransports.EventHubs;
    }
}

/// <summary>The clickstream transports.</summary>
public static class ClickstreamTransports
{
    /// <summary>Azure Event Hubs (<c>EventHubs:*</c>, identity-based): the transport in Azure.</summary>
    public const string EventHubs = "EventHubs";

    /// <summary>
    /// The <see cref="StorageQueueClickstreamPublisher.Queues"/> Storage queues on the account in the
    /// <see cref="StorageQueueClickstreamPublisher.Connection"/> connection string (Azurite), one per consumer, each
    /// sent every event: apps run apart, each under <c>func start</c>; each consumer's queue trigger reads its own.
    /// </summary>
    public const string StorageQueue = "StorageQueue";

    /// <summary>An in-memory stream to the analytics app in the same process (the dev host).</summary>
    public const string InProcess = "InProcess";

    public static readonly IReadOnlyList<string> All = [EventHubs, StorageQueue, InProcess];
}

/// <summary>
/// Start-up checks of the clickstream transport, each naming the setting: one must be chosen (nothing is picked
/// silently), the local ones only outside Azure, and each with its connection.
/// </summary>
public sealed class ClickstreamOptionsValidation(IConfiguration configuration) : IValidateOptions<ClickstreamOptions>
{
    public ValidateOptionsResult Validate(string? name, ClickstreamOptions options)
    {
        var transport = ClickstreamOptions.TransportOf(configuration);
        var eventHubs = $"{EventHubsOptions.Section}:{nameof(EventHubsOptions.FullyQualifiedNamespace)}";
        return transport switch
        {
            null => ValidateOptionsResult.Fail($"No clickstream transport: set {eventHubs} (Azure Event Hubs), or for local runs {ClickstreamOptions.Setting} to {ClickstreamTransports.StorageQueue} (a Storage queue on Azurite, connection {StorageQueueClickstreamPublisher.Connection}) or {ClickstreamTransports.InProcess} (the analytics app in the same process, as in the dev host)."),
            ClickstreamTransports.StorageQueue or ClickstreamTransports.InProcess when AzureHosting.Marker(configuration) is { } marker
                => ValidateOptionsResult.Fail($"{ClickstreamOptions.Setting} is {transport}, a local transport the analytics app in Azure never reads, and this app runs in Azure ({marker} is set): it refuses to start. Set {eventHubs} and remove {ClickstreamOptions.Setting}."),
            ClickstreamTransports.StorageQueue when string.IsNullOrWhiteSpace(configuration[StorageQueueClickstreamPublisher.Connection])
                => ValidateOptionsResult.Fail($"{ClickstreamOptions.Setting} is {ClickstreamTransports.StorageQueue}: set {StorageQueueClickstreamPublisher.Connection} to the storage connection string the consumers' queue triggers read (UseDevelopmentStorage=true for Azurite)."),
            ClickstreamTransports.EventHubs when string.IsNullOrWhiteSpace(configuration[eventHubs])
                => ValidateOptionsResult.Fail($"{ClickstreamOptions.Setting} is {ClickstreamTransports.EventHubs}: set {eventHubs}."),
            ClickstreamTransports.EventHubs or ClickstreamTransports.StorageQueue or ClickstreamTransports.InProcess => ValidateOptionsResult.Success,
            _ => ValidateOptionsResult.Fail($"{ClickstreamOptions.Setting} '{transport}' is not a clickstream transport: choose {string.Join(", ", ClickstreamTransports.All)}."),
        };
    }
}
