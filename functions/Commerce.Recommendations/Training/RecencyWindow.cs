using Commerce.Recommendations.Interactions;

namespace Commerce.Recommendations.Training;

/// <summary>
/// Recent popularity as of a moment, for the ranker's training examples: each product's weighted interactions in the
/// <c>span</c> before the moment, and the top trending products. Moments must come in non-decreasing order (a sliding
/// window over the interactions in temporal order); the returned <see cref="Recency"/> shares one buffer, valid until
/// the next call.
/// </summary>
internal sealed class RecencyWindow(IReadOnlyList<Interaction> ordered, ItemTables tables, TimeSpan span, int trendingCount)
{
    private readonly float[] _recent = new float[tables.ProductIds.Length];
    private int _head;
    private int _tail;

    public Recency AsOf(DateTimeOffset moment)
    {
        for (; _head < ordered.Count && ordered[_head].Timestamp < moment; _head++)
        {
            Add(ordered[_head], 1);
        }

        for (var from = moment - span; _tail < _head && ordered[_tail].Timestamp < from; _tail++)
        {
            Add(ordered[_tail], -1);
        }

        var heap = new PriorityQueue<int, (float Recent, int NegatedItem)>(trendingCount + 1);
        float max = 0;
        for (var item = 0; item < _recent.Length; item++)
        {
            var recent = _recent[item];
            max = Math.Max(max, recent);
            if (recent <= 0)
            {
                continue;
            }

            if (heap.Count < trendingCount)
            {
                heap.Enqueue(item, (recent, -item));
            }
            else if (heap.TryPeek(out _, out var weakest) && (recent, -item).CompareTo(weakest) > 0)
            {
                heap.EnqueueDequeue(item, (recent, -item));
            }
        }

        var trending = new int[heap.Count];
        for (var k = trending.Length - 1; heap.TryDequeue(out var item, out _); k--)
        {
            trending[k] = item;
        }

        return new Recency(_recent, max, trending);
    }

    private void Add(Interaction interaction, int sign)
    {
        if (tables.Index.TryGetValue(interaction.ProductId, out var item))
        {
            _recent[item] = Math.Max(0, _recent[item] + (sign * interaction.Weight));
        }
    }
}
