using System.Diagnostics;
using Commerce.Recommendations.Evaluation;
using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Storage;

namespace Commerce.Recommendations.Training;

/// <summary>Training knobs (section <c>Recommendations:Training</c>).</summary>
public sealed record TrainingOptions
{
    /// <summary>
    /// FastTree by default: on the demo hold-out it ranks as well as LightGBM (HitRate@10 0.499 vs 0.502, both ~1.96x
    /// popularity) and trains 2-5x faster on a busy 2-core machine (LightGBM's native threads suffer under contention).
    /// </summary>
    public RankerKind Ranker { get; init; } = RankerKind.FastTree;

    /// <summary>Boosting rounds (trees) of the ranker.</summary>
    public int Iterations { get; init; } = 100;

    /// <summary>Each interaction pairs with the shopper's previous this-many interactions.</summary>
    public int CooccurrenceWindow { get; init; } = 10;

    /// <summary>Neighbours kept per product.</summary>
    public int Neighbours { get; init; } = 50;

    public int TrendingDays { get; init; } = 7;

    public int TrendingCount { get; init; } = 200;

    /// <summary>
    /// The ranker learns each returning shopper's last visit from what they did before it; a visit ends where the shopper
    /// was idle longer than this.
    /// </summary>
    public TimeSpan VisitGap { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>Fewer returning shoppers with something new in their last visit than this: no ranker (and the model says so).</summary>
    public int MinRankingUsers { get; init; } = 50;

    /// <summary>Neighbours kept per product by item-kNN (cosine over shoppers).</summary>
    public int KnnNeighbours { get; init; } = 50;

    /// <summary>Shoppers sampled for the ranker's training and validation groups (every fifth one validates).</summary>
    public int MaxRankingUsers { get; init; } = 4_000;

    public int Seed { get; init; } = 1;

    /// <summary>Learner threads; null lets the learner choose.</summary>
    public int? Threads { get; init; }
}

/// <summary>
/// Trains a <see cref="RecommendationModel"/> from implicit feedback in temporal order: item–item co-occurrence tables
/// generate candidates, and a learning-to-rank model (LightGBM LambdaRank by default) learns to order them from
/// engineered features: it is fitted on each returning shopper's last visit given the tables built without it (see
/// <see cref="RankingLabels"/>); the served tables are then rebuilt from all the data. A model trained without its ranker
/// says why in <see cref="ModelMetadata.RankerMissing"/>.
/// </summary>
public sealed class RecommendationTrainer(TrainingOptions options, TimeProvider? timeProvider = null)
{
    private const int K = 10;
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public TrainingOptions Options { get; } = options;

    public RecommendationModel Train(IReadOnlyList<Interaction> interactions, IReadOnlyDictionary<string, ProductFacts>? products = null)
    {
        ArgumentNullException.ThrowIfNull(interactions);
        var stopwatch = Stopwatch.StartNew();
        var ordered = IsTemporal(interactions) ? interactions : [.. interactions.OrderBy(i => i.Timestamp)];
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        Ranker? ranker = null;
        string? missing = "the ranker is switched off (Recommendations:Training:Ranker is None)";
        if (Options.Ranker != RankerKind.None)
        {
            ranker = TrainRanker(ordered, products, metrics, out missing);
        }

        var tablesStarted = stopwatch.Elapsed;
        var tables = BuildTables(ordered, products);
        metrics["seconds.servedTables"] = (stopwatch.Elapsed - tablesStarted).TotalSeconds;
        var trainedAt = _time.GetUtcNow();
        var metadata = new ModelMetadata
        {
            Version = $"{trainedAt:yyyyMMdd'T'HHmmssfff'Z'}-{Options.Ranker.ToString().ToLowerInvariant()}",
            Algorithm = ranker is null ? "co-occurrence + item-kNN candidates" : $"co-occurrence + item-kNN candidates, {Options.Ranker} ranker",
            TrainedAt = trainedAt,
            DataFrom = ordered.Count == 0 ? trainedAt : ordered[0].Timestamp,
            DataTo = ordered.Count == 0 ? trainedAt : ordered[^1].Timestamp,
            Interactions = ordered.Count,
            Products = tables.ProductIds.Length,
            TrainingSeconds = stopwatch.Elapsed.TotalSeconds,
            Metrics = metrics,
            RankingRows = (long)metrics.GetValueOrDefault("ranking.rows"),
            RankerMissing = missing,
        };
        return new RecommendationModel(tables, ranker, metadata);
    }

    private ItemTables BuildTables(IReadOnlyList<Interaction> interactions, IReadOnlyDictionary<string, ProductFacts>? products) =>
        ItemTables.Build(interactions, products, Options);

    private Ranker? TrainRanker(IReadOnlyList<Interaction> interactions, IReadOnlyDictionary<string, ProductFacts>? products, Dictionary<string, double> metrics, out string? missing)
    {
        // Labels: each returning shopper's last visit, learned from what they did before it.
        var labels = RankingLabels.LeaveLastVisitOut(interactions, Options.VisitGap);
        var users = labels.Keys.Order(StringComparer.Ordinal).ToList();
        var stride = Math.Max(1, users.Count / Math.Max(1, Options.MaxRankingUsers));
        var sampled = users.Where((_, n) => n % stride == 0).Take(Options.MaxRankingUsers).ToHashSet(StringComparer.Ordinal);

        // The tables the ranker learns on leave the sampled shoppers' last visits out (their features must not see them).
        var before = interactions.Where(i => !sampled.Contains(i.UserId) || i.Timestamp < labels[i.UserId].VisitStart).ToList();
        var tables = BuildTables(before, products);
        var training = new List<RankingRow>();
        var validation = new List<(List<Candidate> Candidates, HashSet<string> Relevant)>();
        uint group = 0;
        var trainingUsers = 0;
        var recency = new RecencyWindow(interactions, tables, TimeSpan.FromDays(Options.TrendingDays), CandidateFeatures.PopularCandidates);
        foreach (var user in sampled.OrderBy(u => labels[u].VisitStart).ThenBy(u => u, StringComparer.Ordinal))
        {
            // Features as of the visit: what sold in the days before it, as serving sees what sells now.
            var example = labels[user];
            var candidates = CandidateFeatures.Generate(
                tables, CandidateFeatures.Profile(tables, example.History), RecommendationModel.CandidateLimit, recency.AsOf(example.VisitStart));
            if (candidates.Count == 0)
            {
                continue;
            }

            if (group++ % 5 == 0)
            {
                validation.Add((candidates, [.. example.Labels.Keys]));
                continue;
            }

            var rows = candidates.Select(c => new RankingRow
            {
                Label = example.Labels.GetValueOrDefault(tables.ProductIds[c.Item]),
                GroupId = group,
                Features = c.Features,
            }).ToList();
            if (rows.Exists(r => r.Label > 0))
            {
                training.AddRange(rows);
                trainingUsers++;
            }
        }

        metrics["ranking.returningShoppers"] = labels.Count;
        metrics["ranking.users"] = trainingUsers;
        metrics["ranking.rows"] = training.Count;
        metrics["ranking.validationUsers"] = validation.Count;
        if (trainingUsers < Options.MinRankingUsers)
        {
            missing = $"{trainingUsers} returning shoppers had a new product of their last visit among their candidates; the ranker needs at least {Options.MinRankingUsers}";
            return null;
        }

        missing = null;
        var learning = System.Diagnostics.Stopwatch.StartNew();
        var ranker = Ranker.Train(Options.Ranker, training, Options.Iterations, Options.Seed, Options.Threads);
        metrics["seconds.rankerFit"] = learning.Elapsed.TotalSeconds;
        var cooccurrence = new MetricsAccumulator<string>(K);
        var ranked = new MetricsAccumulator<string>(K);
        foreach (var (candidates, relevant) in validation)
        {
            cooccurrence.Add([.. candidates.Take(K).Select(c => tables.ProductIds[c.Item])], relevant);
            var scores = ranker.Score(candidates);
            ranked.Add([.. Enumerable.Range(0, candidates.Count).OrderByDescending(c => scores[c]).Take(K).Select(c => tables.ProductIds[candidates[c].Item])], relevant);
        }

        metrics["validation.cooccurrence.hitRate@10"] = cooccurrence.HitRate;
        metrics["validation.cooccurrence.ndcg@10"] = cooccurrence.Ndcg;
        metrics["validation.ranker.hitRate@10"] = ranked.HitRate;
        metrics["validation.ranker.ndcg@10"] = ranked.Ndcg;
        return ranker;
    }

    private static bool IsTemporal(IReadOnlyList<Interaction> interactions)
    {
        for (var e = 1; e < interactions.Count; e++)
        {
            if (interactions[e].Timestamp < interactions[e - 1].Timestamp)
            {
                return false;
            }
        }

        return true;
    }
}
