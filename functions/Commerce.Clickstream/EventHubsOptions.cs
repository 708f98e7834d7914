namespace Commerce.Clickstream;

/// <summary>
/// Event Hubs settings (section <c>EventHubs</c>, the same names the Functions trigger's identity-based connection
/// reads: <c>EventHubs__fullyQualifiedNamespace</c>, <c>EventHubs__clientId</c>). Empty namespace: the in-process stream.
/// </summary>
public sealed class EventHubsOptions
{
    public const string Section = "EventHubs";

    /// <summary>e.g. <c>evhns-abc.servicebus.windows.net</c>; authenticates with Entra ID, never a key.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    public string HubName { get; set; } = "clickstream";

    /// <summary>Client id of the user-assigned managed identity; empty: <c>DefaultAzureCredential</c>.</summary>
    public string? ClientId { get; set; }

    public string ConsumerGroup { get; set; } = "$Default";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(FullyQualifiedNamespace);
}
