using System.Text.Json.Nodes;

namespace Commerce.DevHost.Functions;

/// <summary>
/// The queue trigger settings the Functions host takes from <c>host.json</c> (<c>extensions.queues</c>), read from the same
/// file so the dev host polls, batches, retries and poisons as the deployed apps do. The file is the repository's
/// <c>host.json</c>, copied beside the dev host's binaries, or the one <c>DevHost:HostJson</c> names.
/// </summary>
public sealed class QueueTriggerOptions
{
    /// <summary>The setting that points the dev host at another host.json.</summary>
    public const string HostJsonKey = "DevHost:HostJson";

    /// <summary>Messages fetched, and run concurrently, per queue at a time (<c>batchSize</c>; the Functions default is 16).</summary>
    public int BatchSize { get; init; } = 16;

    /// <summary>Attempts before a message moves to <c>&lt;queue&gt;-poison</c> (<c>maxDequeueCount</c>; default 5).</summary>
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>The longest wait between polls of an empty queue (<c>maxPollingInterval</c>; default 1 minute).</summary>
    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a failed message stays invisible before its next attempt (<c>visibilityTimeout</c>; default none).</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    /// <summary>The settings of <paramref name="hostJsonPath"/>'s <c>extensions.queues</c>, the Functions defaults for what it leaves out.</summary>
    public static QueueTriggerOptions FromHostJson(string hostJsonPath)
    {
        var defaults = new QueueTriggerOptions();
        if (!File.Exists(hostJsonPath))
        {
            throw new FileNotFoundException($"The dev host reads its queue trigger settings from host.json, which is not at {hostJsonPath} (set {HostJsonKey}).", hostJsonPath);
        }

        var queues = JsonNode.Parse(File.ReadAllText(hostJsonPath))?["extensions"]?["queues"];
        return new QueueTriggerOptions
        {
            BatchSize = queues?["batchSize"]?.GetValue<int>() ?? defaults.BatchSize,
            MaxDequeueCount = queues?["maxDequeueCount"]?.GetValue<int>() ?? defaults.MaxDequeueCount,
            MaxPollingInterval = Duration(queues?["maxPollingInterval"]) ?? defaults.MaxPollingInterval,
            VisibilityTimeout = Duration(queues?["visibilityTimeout"]) ?? defaults.VisibilityTimeout,
        };
    }

    /// <summary>The host.json the dev host reads: <c>DevHost:HostJson</c>, else the copy beside its binaries.</summary>
    public static string HostJsonPath(IConfiguration configuration)
        => configuration[HostJsonKey] is { Length: > 0 } path ? Path.GetFullPath(path) : Path.Combine(AppContext.BaseDirectory, "host.json");

    static TimeSpan? Duration(JsonNode? value) => value is null ? null : TimeSpan.Parse(value.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
