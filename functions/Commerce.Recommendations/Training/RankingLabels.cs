using Commerce.Recommendations.Interactions;

namespace Commerce.Recommendations.Training;

/// <summary>
/// One returning shopper's ranker example: what they did before their last visit (oldest first), and the products new to
/// them in that visit with graded labels (1 viewed, 2 carted or bought). <see cref="VisitStart"/> is the visit's first event.
/// </summary>
internal sealed record ShopperLabels(List<ProductInteraction> History, Dictionary<string, float> Labels, DateTimeOffset VisitStart);

/// <summary>
/// The ranker's labels, leave-last-visit-out: each shopper's last visit (their latest events, no gap between consecutive
/// ones longer than the visit gap) is what the ranker learns to predict from everything they did before it. Unlike a
/// fixed calendar window, this finds every returning shopper wherever their last visit falls, so it works on purchase
/// logs where most shoppers are seen only now and then. Shoppers active in one visit only, or whose last visit held
/// nothing new, give no example.
/// </summary>
internal static class RankingLabels
{
    /// <summary>Examples by shopper; <paramref name="interactions"/> in temporal order.</summary>
    public static Dictionary<string, ShopperLabels> LeaveLastVisitOut(IReadOnlyList<Interaction> interactions, TimeSpan visitGap)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var byUser = new Dictionary<string, List<ProductInteraction>>(StringComparer.Ordinal);
        foreach (var i in interactions)
        {
            (byUser.TryGetValue(i.UserId, out var list) ? list : byUser[i.UserId] = []).Add(new ProductInteraction(i.ProductId, i.Kind, i.Timestamp));
        }

        var examples = new Dictionary<string, ShopperLabels>(StringComparer.Ordinal);
        foreach (var (user, events) in byUser)
        {
            var start = events.Count - 1;
            while (start > 0 && events[start].Timestamp - events[start - 1].Timestamp <= visitGap)
            {
                start--;
            }

            if (start == 0)
            {
                continue; // One visit: nothing before it to learn from.
            }

            var history = events[..start];
            var seen = history.Select(h => h.ProductId).ToHashSet(StringComparer.Ordinal);
            var labels = new Dictionary<string, float>(StringComparer.Ordinal);
            foreach (var e in events[start..].Where(e => !seen.Contains(e.ProductId)))
            {
                labels[e.ProductId] = Math.Max(labels.GetValueOrDefault(e.ProductId), e.Kind == InteractionKind.View ? 1f : 2f);
            }

            if (labels.Count > 0)
            {
                examples[user] = new ShopperLabels(history, labels, events[start].Timestamp);
            }
        }

        return examples;
    }
}
