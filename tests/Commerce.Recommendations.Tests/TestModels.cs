using Commerce.Demo;
using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Serving;
using Commerce.Recommendations.Training;

namespace Commerce.Recommendations.Tests;

/// <summary>Small demo data and models trained once per test run (models are immutable, so tests share them).</summary>
/// <remarks>One learner thread: LightGBM's native threads crawl when the test host's other threads compete for the cores.</remarks>
internal static class TestModels
{
    private static readonly Lazy<DemoData> LazyData = new(() => DemoDataGenerator.Generate(new DemoDataOptions { Interactions = 30_000, Products = 300, Seed = 7 }));
    private static readonly Lazy<RecommendationModel> LazyRanked = new(() => Train(RankerKind.FastTree));
    private static readonly Lazy<RecommendationModel> LazyLightGbm = new(() => Train(RankerKind.LightGbm));
    private static readonly Lazy<RecommendationModel> LazyCooccurrence = new(() => Train(RankerKind.None));

    public static DemoData Data => LazyData.Value;

    /// <summary>Co-occurrence + FastTree ranker (20 trees): the default learner.</summary>
    public static RecommendationModel Ranked => LazyRanked.Value;

    /// <summary>Co-occurrence + LightGBM ranker (20 trees).</summary>
    public static RecommendationModel LightGbm => LazyLightGbm.Value;

    /// <summary>Co-occurrence only: fast to train again when a test needs a second version.</summary>
    public static RecommendationModel Cooccurrence => LazyCooccurrence.Value;

    public static RecommendationModel Train(RankerKind ranker, IReadOnlyList<Interaction>? interactions = null, TimeProvider? time = null) =>
        new RecommendationTrainer(new TrainingOptions { Ranker = ranker, Iterations = 20, MaxRankingUsers = 500, Threads = 1 }, time)
            .Train(interactions ?? Data.Interactions, Data.ProductsById);

    /// <summary>The demo customer with the most interactions.</summary>
    public static string BusiestCustomer => LazyBusiest.Value;

    private static readonly Lazy<string> LazyBusiest = new(() => Data.Interactions.GroupBy(i => i.UserId).MaxBy(g => g.Count())!.Key);

    public static RecommendationModelHolder Holding(RecommendationModel? model)
    {
        var holder = new RecommendationModelHolder();
        if (model is not null)
        {
            holder.Swap(model);
        }

        return holder;
    }
}

/// <summary>Sellable = not in a blocked set (out of stock or archived).</summary>
internal sealed class BlockedProducts(params string[] blocked) : ISellableProducts
{
    public HashSet<string> Blocked { get; } = [.. blocked];

    public Task<IReadOnlySet<string>> WhichAreSellableAsync(IReadOnlyCollection<string> productIds, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlySet<string>>(productIds.Where(p => !Blocked.Contains(p)).ToHashSet());
}

internal sealed class FixedTrending(params string[] products) : ITrendingProducts
{
    public Task<IReadOnlyList<string>> TrendingAsync(int max, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<string>>([.. products.Take(max)]);
}
