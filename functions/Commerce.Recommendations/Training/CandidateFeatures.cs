using Commerce.Recommendations.Interactions;

namespace Commerce.Recommendations.Training;

/// <summary>One candidate product for a shopper with its engineered features (see <see cref="CandidateFeatures"/>).</summary>
internal readonly record struct Candidate(int Item, float CooccurrenceScore, float[] Features);

/// <summary>
/// Candidate generation and feature engineering, shared by training and serving so they can't drift. The shopper's
/// history (newest distinct products first, at most <see cref="HistoryLimit"/>, each weighted by its strongest
/// interaction and decayed 0.9 per step back) votes for the co-occurrence neighbours of its products; the top
/// candidates get ten features for the ranker.
/// </summary>
internal static class CandidateFeatures
{
    public const int Count = 10;
    public const int HistoryLimit = 30;

    /// <summary>Feature names, in vector order (for reports).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "cooccurrenceScore", "maxSimilarity", "support", "lastItemSimilarity", "categoryAffinity", "brandAffinity",
        "logPopularity", "logRecentPopularity", "candidateRank", "logHistoryLength",
    ];

    /// <summary>Distinct products of a history, newest first, with their decayed weights (unknown products dropped).</summary>
    public static List<(int Item, float Weight)> Profile(ItemTables tables, IReadOnlyList<ProductInteraction> history)
    {
        var strongest = new Dictionary<int, float>();
        var order = new List<int>();
        for (var e = history.Count - 1; e >= 0 && order.Count < HistoryLimit; e--)
        {
            if (!tables.Index.TryGetValue(history[e].ProductId, out var item))
            {
                continue;
            }

            if (strongest.TryGetValue(item, out var weight))
            {
                strongest[item] = Math.Max(weight, history[e].Weight);
            }
            else
            {
                strongest[item] = history[e].Weight;
                order.Add(item);
            }
        }

        var decay = 1f;
        var profile = new List<(int, float)>(order.Count);
        foreach (var item in order)
        {
            profile.Add((item, strongest[item] * decay));
            decay *= 0.9f;
        }

        return profile;
    }

    /// <summary>The top <paramref name="limit"/> candidates by co-occurrence score, with features; history products excluded.</summary>
    public static List<Candidate> Generate(ItemTables tables, List<(int Item, float Weight)> profile, int limit)
    {
        if (profile.Count == 0)
        {
            return [];
        }

        var inHistory = new HashSet<int>(profile.Count);
        var categoryWeight = new Dictionary<int, float>();
        var brandWeight = new Dictionary<int, float>();
        float total = 0;
        foreach (var (item, weight) in profile)
        {
            inHistory.Add(item);
            total += weight;
            Bump(categoryWeight, tables.Category[item], weight);
            Bump(brandWeight, tables.Brand[item], weight);
        }

        var accumulators = new Dictionary<int, (float Score, float Max, float Support, float Last)>();
        for (var h = 0; h < profile.Count; h++)
        {
            var (item, weight) = profile[h];
            var ids = tables.NeighbourIds[item];
            var sims = tables.NeighbourSimilarities[item];
            for (var k = 0; k < ids.Length; k++)
            {
                if (inHistory.Contains(ids[k]))
                {
                    continue;
                }

                ref var a = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(accumulators, ids[k], out _);
                a.Score += weight * sims[k];
                a.Max = Math.Max(a.Max, sims[k]);
                a.Support += 1;
                if (h == 0)
                {
                    a.Last = sims[k];
                }
            }
        }

        var top = Top(accumulators, limit);
        var candidates = new List<Candidate>(top.Count);
        var logHistory = MathF.Log(1 + profile.Count);
        for (var rank = 0; rank < top.Count; rank++)
        {
            var (item, a) = (top[rank].Key, top[rank].Value);
            var features = new float[Count];
            features[0] = a.Score;
            features[1] = a.Max;
            features[2] = a.Support;
            features[3] = a.Last;
            features[4] = Share(categoryWeight, tables.Category[item], total);
            features[5] = Share(brandWeight, tables.Brand[item], total);
            features[6] = MathF.Log(1 + tables.Popularity[item]);
            features[7] = MathF.Log(1 + tables.RecentPopularity[item]);
            features[8] = rank / (float)limit;
            features[9] = logHistory;
            candidates.Add(new Candidate(item, a.Score, features));
        }

        return candidates;
    }

    /// <summary>The <paramref name="limit"/> best candidates by score (ties: lower index first), best first, in O(n log limit).</summary>
    private static List<KeyValuePair<int, (float Score, float Max, float Support, float Last)>> Top(
        Dictionary<int, (float Score, float Max, float Support, float Last)> accumulators, int limit)
    {
        var heap = new PriorityQueue<int, (float Score, int NegatedItem)>(limit + 1); // Min-heap: the weakest kept candidate on top.
        foreach (var (item, a) in accumulators)
        {
            if (heap.Count < limit)
            {
                heap.Enqueue(item, (a.Score, -item));
            }
            else if (heap.TryPeek(out _, out var weakest) && (a.Score, -item).CompareTo(weakest) > 0)
            {
                heap.EnqueueDequeue(item, (a.Score, -item));
            }
        }

        var top = new List<KeyValuePair<int, (float, float, float, float)>>(heap.Count);
        while (heap.TryDequeue(out var item, out _))
        {
            top.Add(new(item, accumulators[item]));
        }

        top.Reverse();
        return top;
    }

    private static void Bump(Dictionary<int, float> weights, int key, float weight)
    {
        if (key >= 0)
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(weights, key, out _) += weight;
        }
    }

    private static float Share(Dictionary<int, float> weights, int key, float total) =>
        key >= 0 && total > 0 && weights.TryGetValue(key, out var w) ? w / total : 0;
}
