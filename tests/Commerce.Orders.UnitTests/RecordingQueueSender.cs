using System.Collections.Concurrent;
using Commerce.Orders.Domain;

namespace Commerce.Orders.UnitTests;

/// <summary>An <see cref="IQueueSender"/> that keeps what was sent, per queue.</summary>
public sealed class RecordingQueueSender : IQueueSender
{
    readonly ConcurrentQueue<(string Queue, string Body)> sent = new();

    public IReadOnlyList<string> SentTo(string queue) => [.. sent.Where(m => m.Queue == queue).Select(m => m.Body)];

    public Task SendAsync(string queue, string body, CancellationToken cancellationToken = default)
    {
        sent.Enqueue((queue, body));
        return Task.CompletedTask;
    }
}
