using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Serving;

namespace Commerce.Recommendations.Tests;

public sealed class RecommenderTests
{
    private static readonly InteractionHistory History = new(TestModels.Data.Interactions);

    private static Recommender Create(RecommendationModelHolder holder, ISellableProducts? sellable = null, ITrendingProducts? trending = null) =>
        new(holder, sellable ?? new EverythingSellable(), History, History, trending ?? History);

    [Fact]
    public async Task Known_customer_gets_personal_recommendations_from_the_model()
    {
        var model = TestModels.Ranked;
        var result = await Create(TestModels.Holding(model)).RecommendForCustomerAsync(Shopper.Customer(TestModels.BusiestCustomer), 10, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RecommendationSource.Personal, result.Source);
        Assert.Equal(model.Version, result.ModelVersion);
        Assert.Equal(10, result.ProductIds.Count);
        Assert.Equal(10, result.ProductIds.Distinct().Count());
    }

    [Fact]
    public async Task Already_purchased_products_and_caller_exclusions_are_never_recommended()
    {
        var customer = TestModels.BusiestCustomer;
        var purchased = await History.PurchasedByAsync(customer, TestContext.Current.CancellationToken);
        var recommender = Create(TestModels.Holding(TestModels.Ranked));
        var first = await recommender.RecommendForCustomerAsync(Shopper.Customer(customer), 20, cancellationToken: TestContext.Current.CancellationToken);
        var excluded = first.ProductIds.Take(5).ToArray();

        var second = await recommender.RecommendForCustomerAsync(Shopper.Customer(customer), 20, excluded, TestContext.Current.CancellationToken);

        Assert.NotEmpty(purchased);
        Assert.Empty(first.ProductIds.Intersect(purchased));
        Assert.Empty(second.ProductIds.Intersect(purchased));
        Assert.Empty(second.ProductIds.Intersect(excluded));
        Assert.Equal(20, second.ProductIds.Count);
    }

    [Fact]
    public async Task Out_of_stock_or_archived_products_are_never_recommended_personal_related_or_trending()
    {
        var holder = TestModels.Holding(TestModels.Ranked);
        var customer = TestModels.BusiestCustomer;
        var unblocked = await Create(holder).RecommendForCustomerAsync(Shopper.Customer(customer), 10, cancellationToken: TestContext.Current.CancellationToken);
        var product = unblocked.ProductIds[0];
        var related = await Create(holder).RelatedAsync(product, 10, TestContext.Current.CancellationToken);
        var trending = await History.TrendingAsync(3, TestContext.Current.CancellationToken);
        var blocked = new BlockedProducts([.. unblocked.ProductIds.Take(3), .. related.ProductIds.Take(3), .. trending]);
        var recommender = Create(holder, blocked);

        var personal = await recommender.RecommendForCustomerAsync(Shopper.Customer(customer), 10, cancellationToken: TestContext.Current.CancellationToken);
        var relatedAfter = await recommender.RelatedAsync(product, 10, TestContext.Current.CancellationToken);
        var coldStart = await recommender.RecommendForCustomerAsync(Shopper.Customer("nobody"), 10, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(personal.ProductIds.Intersect(blocked.Blocked));
        Assert.Empty(relatedAfter.ProductIds.Intersect(blocked.Blocked));
        Assert.Empty(coldStart.ProductIds.Intersect(blocked.Blocked));
        Assert.Equal(10, personal.ProductIds.Count);
        Assert.DoesNotContain(product, relatedAfter.ProductIds);
    }

    [Fact]
    public async Task Anonymous_session_gets_recommendations_from_its_recent_views()
    {
        var views = TestModels.Data.Interactions.Where(i => i.UserId == TestModels.BusiestCustomer).Select(i => i.ProductId).Distinct().Take(3).ToArray();

        var result = await Create(TestModels.Holding(TestModels.Ranked)).RecommendForCustomerAsync(Shopper.Session(views), 10, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RecommendationSource.Personal, result.Source);
        Assert.Empty(result.ProductIds.Intersect(views));
        Assert.Equal(10, result.ProductIds.Count);
    }

    [Fact]
    public async Task Related_products_are_the_ones_bought_or_viewed_together()
    {
        // Demo purchases often bring a fixed complement along: the strongest neighbour of a product includes it.
        var pairs = TestModels.Data.Interactions.Where(i => i.Kind == InteractionKind.Purchase)
            .GroupBy(i => i.UserId)
            .SelectMany(g => g.Zip(g.Skip(1)))
            .Where(p => p.Second.Timestamp - p.First.Timestamp == TimeSpan.FromSeconds(30)) // The generator's complement purchase.
            .GroupBy(p => (p.First.ProductId, p.Second.ProductId)).MaxBy(g => g.Count())!.Key;

        var result = await Create(TestModels.Holding(TestModels.Ranked)).RelatedAsync(pairs.Item1, 10, TestContext.Current.CancellationToken);

        Assert.Equal(RecommendationSource.Related, result.Source);
        Assert.Contains(pairs.Item2, result.ProductIds);
        Assert.DoesNotContain(pairs.Item1, result.ProductIds);
    }

    [Fact]
    public async Task Without_a_model_everything_falls_back_to_trending()
    {
        var recommender = Create(new RecommendationModelHolder(), trending: new FixedTrending("t1", "t2", "t3", "t4"));

        var personal = await recommender.RecommendForCustomerAsync(Shopper.Customer(TestModels.BusiestCustomer), 3, ["t2"], TestContext.Current.CancellationToken);
        var related = await recommender.RelatedAsync("t1", 3, TestContext.Current.CancellationToken);

        Assert.Equal(RecommendationSource.Trending, personal.Source);
        Assert.Null(personal.ModelVersion);
        Assert.Equal(["t1", "t3", "t4"], personal.ProductIds);
        Assert.Equal(["t2", "t3", "t4"], related.ProductIds);
        Assert.Equal(RecommendationSource.Trending, related.Source);
    }

    [Fact]
    public async Task Cold_start_shoppers_and_unknown_products_get_trending_from_the_model()
    {
        var holder = TestModels.Holding(TestModels.Ranked);
        var recommender = Create(holder, trending: new ModelTrendingProducts(holder));

        var newCustomer = await recommender.RecommendForCustomerAsync(Shopper.Customer("never-seen"), 5, cancellationToken: TestContext.Current.CancellationToken);
        var unknownViews = await recommender.RecommendForCustomerAsync(Shopper.Session(["not-a-product"]), 5, cancellationToken: TestContext.Current.CancellationToken);
        var unknownProduct = await recommender.RelatedAsync("not-a-product", 5, TestContext.Current.CancellationToken);

        var trending = TestModels.Ranked.Trending.Take(5).ToArray();
        Assert.Equal(trending, newCustomer.ProductIds);
        Assert.Equal(RecommendationSource.Trending, newCustomer.Source);
        Assert.Equal(trending, unknownViews.ProductIds);
        Assert.Equal(trending, unknownProduct.ProductIds);
    }

    [Fact]
    public async Task No_model_and_no_trending_still_answers_with_an_empty_list()
    {
        var holder = new RecommendationModelHolder();
        var recommender = new Recommender(holder, new EverythingSellable(), History, History, new ModelTrendingProducts(holder));

        var result = await recommender.RecommendForCustomerAsync(Shopper.Customer("anyone"), 10, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Empty(result.ProductIds);
        Assert.Equal(RecommendationSource.Trending, result.Source);
    }
}
