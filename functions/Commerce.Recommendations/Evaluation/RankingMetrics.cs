namespace Commerce.Recommendations.Evaluation;

/// <summary>Top-k ranking metrics with binary relevance.</summary>
public static class RankingMetrics
{
    /// <summary>1 when any of the first <paramref name="k"/> recommendations is relevant, else 0.</summary>
    public static double HitRate<T>(IReadOnlyList<T> recommended, IReadOnlySet<T> relevant, int k)
    {
        ArgumentNullException.ThrowIfNull(recommended);
        ArgumentNullException.ThrowIfNull(relevant);
        for (var i = 0; i < Math.Min(k, recommended.Count); i++)
        {
            if (relevant.Contains(recommended[i]))
            {
                return 1;
            }
        }

        return 0;
    }

    /// <summary>
    /// DCG of the first <paramref name="k"/> recommendations (gain 1 / log2(rank + 1), rank from 1) over the ideal DCG
    /// (all min(k, |relevant|) relevant items first); 0 when nothing is relevant.
    /// </summary>
    public static double Ndcg<T>(IReadOnlyList<T> recommended, IReadOnlySet<T> relevant, int k)
    {
        ArgumentNullException.ThrowIfNull(recommended);
        ArgumentNullException.ThrowIfNull(relevant);
        double dcg = 0, ideal = 0;
        for (var i = 0; i < Math.Min(k, recommended.Count); i++)
        {
            if (relevant.Contains(recommended[i]))
            {
                dcg += 1 / Math.Log2(i + 2);
            }
        }

        for (var i = 0; i < Math.Min(k, relevant.Count); i++)
        {
            ideal += 1 / Math.Log2(i + 2);
        }

        return ideal == 0 ? 0 : dcg / ideal;
    }
}

/// <summary>Averages HitRate@k and NDCG@k over shoppers and counts the distinct products recommended (catalog coverage).</summary>
public sealed class MetricsAccumulator<T>(int k)
    where T : notnull
{
    private readonly HashSet<T> _recommended = [];
    private readonly List<double> _hits = [];
    private readonly List<double> _ndcg = [];

    public int K { get; } = k;

    public int Users => _hits.Count;

    public double HitRate => Users == 0 ? 0 : _hits.Sum() / Users;

    public double Ndcg => Users == 0 ? 0 : _ndcg.Sum() / Users;

    /// <summary>Each shopper's HitRate@k, in the order added (for bootstrap intervals).</summary>
    public IReadOnlyList<double> Hits => _hits;

    /// <summary>Each shopper's NDCG@k, in the order added.</summary>
    public IReadOnlyList<double> Ndcgs => _ndcg;

    public int DistinctRecommended => _recommended.Count;

    public double Coverage(int catalogSize) => catalogSize == 0 ? 0 : (double)_recommended.Count / catalogSize;

    public void Add(IReadOnlyList<T> recommended, IReadOnlySet<T> relevant)
    {
        ArgumentNullException.ThrowIfNull(recommended);
        _hits.Add(RankingMetrics.HitRate(recommended, relevant, K));
        _ndcg.Add(RankingMetrics.Ndcg(recommended, relevant, K));
        _recommended.UnionWith(recommended.Take(K));
    }
}
