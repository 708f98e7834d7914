using Commerce.Recommendations.Interactions;

namespace Commerce.Recommendations.Training;

/// <summary>
/// What sells at the moment recommendations are made: each product's weighted interactions in the trending window
/// before it, their maximum, and the trending products (most first). Serving uses the tables' (the end of the training
/// data); training uses each example's own moment (see <see cref="RecencyWindow"/>), so the ranker learns what recency
/// is worth.
/// </summary>
internal readonly record struct Recency(float[] RecentPopularity, float MaxRecent, IReadOnlyList<int> Trending);

/// <summary>One candidate product for a shopper with its engineered features (see <see cref="CandidateFeatures"/>).</summary>
internal readonly record struct Candidate(int Item, float CooccurrenceScore, float[] Features);

/// <summary>
/// Candidate generation and feature engineering, shared by training and serving so they can't drift. The shopper's
/// history (newest distinct products first, at most <see cref="HistoryLimit"/>, each weighted by its strongest
/// interaction and decayed 0.9 per step back) votes for the co-occurrence and item-kNN neighbours of its products;
/// the top candidates, and trending and popular products, get fifteen features for the ranker.
/// </summary>
internal static class CandidateFeatures
{
    public const int Count = 15;
    public const int HistoryLimit = 30;

    /// <summary>Trending products (and half as many all-time popular ones) added as candidates after the similarity ones.</summary>
    public const int PopularCandidates = 20;

    /// <summary>Feature names, in vector order (for reports).</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "cooccurrenceScore", "maxSimilarity", "support", "lastItemSimilarity", "categoryAffinity", "brandAffinity",
        "logPopularity", "logRecentPopularity", "candidateRank", "logHistoryLength", "knnScore", "knnMaxSimilarity",
        "knnSupport", "knnLastItemSimilarity", "recentShare",
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

    /// <summary>
    /// Candidates with features, history products excluded: the top <paramref name="limit"/> by co-occurrence score, then
    /// the top half as many of the rest by item-kNN score, then trending and all-time popular products not yet among them
    /// (so the ranker can weigh what sells now against similarity). In that order: without a ranker, co-occurrence answers first.
    /// </summary>
    public static List<Candidate> Generate(ItemTables tables, List<(int Item, float Weight)> profile, int limit, Recency? asOf = null)
    {
        var recency = asOf ?? tables.Now;
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

        var accumulators = new Dictionary<int, Votes>();
        for (var h = 0; h < profile.Count; h++)
        {
            var (item, weight) = profile[h];
            Vote(accumulators, inHistory, tables.NeighbourIds[item], tables.NeighbourSimilarities[item], weight, h == 0, knn: false);
            Vote(accumulators, inHistory, tables.KnnIds[item], tables.KnnSimilarities[item], weight, h == 0, knn: true);
        }

        var top = Top(accumulators, limit, static v => v.Score);
        var chosen = top.ToHashSet();
        foreach (var item in Top(accumulators, limit / 2, static v => v.Knn, chosen))
        {
            top.Add(item);
            chosen.Add(item);
        }

        foreach (var item in recency.Trending.Take(PopularCandidates).Concat(tables.Popular.Take(PopularCandidates / 2)))
        {
            if (!inHistory.Contains(item) && chosen.Add(item))
            {
                top.Add(item);
            }
        }

        var candidates = new List<Candidate>(top.Count);
        var logHistory = MathF.Log(1 + profile.Count);
        for (var rank = 0; rank < top.Count; rank++)
        {
            var item = top[rank];
            var a = accumulators.GetValueOrDefault(item);
            var features = new float[Count];
            features[0] = a.Score;
            features[1] = a.Max;
            features[2] = a.Support;
            features[3] = a.Last;
            features[4] = Share(categoryWeight, tables.Category[item], total);
            features[5] = Share(brandWeight, tables.Brand[item], total);
            features[6] = MathF.Log(1 + tables.Popularity[item]);
            features[7] = MathF.Log(1 + recency.RecentPopularity[item]);
            features[8] = rank / (float)limit;
            features[9] = logHistory;
            features[10] = a.Knn;
            features[11] = a.KnnMax;
            features[12] = a.KnnSupport;
            features[13] = a.KnnLast;
            features[14] = recency.MaxRecent > 0 ? recency.RecentPopularity[item] / recency.MaxRecent : 0;
            candidates.Add(new Candidate(item, a.Score, features));
        }

        return candidates;
    }

    /// <summary>One source's votes of the history's products for their neighbours.</summary>
    private static void Vote(Dictionary<int, Votes> accumulators, HashSet<int> inHistory, int[] ids, float[] similarities, float weight, bool isLast, bool knn)
    {
        for (var k = 0; k < ids.Length; k++)
        {
            if (inHistory.Contains(ids[k]))
            {
                continue;
            }

            ref var a = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(accumulators, ids[k], out _);
            var similarity = similarities[k];
            if (knn)
            {
                a.Knn += weight * similarity;
                a.KnnMax = Math.Max(a.KnnMax, similarity);
                a.KnnSupport += 1;
                a.KnnLast = isLast ? similarity : a.KnnLast;
            }
            else
            {
                a.Score += weight * similarity;
                a.Max = Math.Max(a.Max, similarity);
                a.Support += 1;
                a.Last = isLast ? similarity : a.Last;
            }
        }
    }

    /// <summary>
    /// The <paramref name="limit"/> best candidates with a positive <paramref name="score"/> (ties: lower index first) not
    /// in <paramref name="skip"/>, best first, in O(n log limit).
    /// </summary>
    private static List<int> Top(Dictionary<int, Votes> accumulators, int limit, Func<Votes, float> score, HashSet<int>? skip = null)
    {
        var heap = new PriorityQueue<int, (float Score, int NegatedItem)>(limit + 1); // Min-heap: the weakest kept candidate on top.
        foreach (var (item, votes) in accumulators)
        {
            var s = score(votes);
            if (s <= 0 || skip?.Contains(item) == true || limit == 0)
            {
                continue;
            }

            if (heap.Count < limit)
            {
                heap.Enqueue(item, (s, -item));
            }
            else if (heap.TryPeek(out _, out var weakest) && (s, -item).CompareTo(weakest) > 0)
            {
                heap.EnqueueDequeue(item, (s, -item));
            }
        }

        var top = new List<int>(heap.Count);
        while (heap.TryDequeue(out var item, out _))
        {
            top.Add(item);
        }

        top.Reverse();
        return top;
    }

    /// <summary>What the history's products said about one candidate: co-occurrence and item-kNN votes.</summary>
    private struct Votes
    {
        public float Score;
        public float Max;
        public float Support;
        public float Last;
        public float Knn;
        public float KnnMax;
        public float KnnSupport;
        public float KnnLast;
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
