using System.Collections.Concurrent;

namespace Commerce.DevHost.Functions;

/// <summary>
/// What the dev host actually wired for non-HTTP triggers (orchestrations and activities registered with the durable
/// worker, queue functions subscribed by the broker), recorded at the moment of wiring, for the drift test.
/// </summary>
public sealed class TriggerWiring
{
    readonly ConcurrentDictionary<string, TriggerKind> wired = new(StringComparer.Ordinal);

    public void Record(string functionName, TriggerKind kind) => wired[functionName] = kind;

    public IReadOnlyDictionary<string, TriggerKind> Wired => wired;
}
