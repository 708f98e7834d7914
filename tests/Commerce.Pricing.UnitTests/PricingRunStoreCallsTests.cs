using Commerce.Testing;

namespace Commerce.Pricing.UnitTests;

/// <summary>
/// What one category's part of the pricing run costs the store: each SKU's documents are read once, for training and
/// proposing both, and each proposal is written once (the 100,000-SKU run rests on it: README, pricing-run benchmark).
/// </summary>
public sealed class PricingRunStoreCallsTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_pricing_run_reads_each_skus_documents_once_for_training_and_proposing_and_writes_each_proposal_once()
    {
        CountingDocumentStore? counting = null;
        using var pricing = new PricingStore(wrap: store => counting = new CountingDocumentStore(store));
        var market = new PriceSensitiveMarket(seed: 7, new Dictionary<string, double> { ["outerwear"] = -2.5 }, skusPerCategory: 40);
        await market.SeedAsync(pricing.Store, days: 28, ApprovalMode.Approval, Cancel);
        counting!.Reset();

        var run = await pricing.Runs.RunCategoryAsync("outerwear", "run-1", Cancel);

        var (skus, proposed) = (market.Products.Count, run.Result.Proposed);
        Assert.NotNull(run.Trained);
        Assert.Equal(skus, run.Result.Skus);
        Assert.InRange(proposed, skus / 2, skus);
        long[] expected = [skus, skus, skus, skus, skus, 2 * skus, proposed, proposed, 1];
        Assert.Equal(
            expected,
            new[]
            {
                counting.Count(SkuSnapshot.Container, "read"),
                counting.Count(PricingContainers.Skus, "read"),
                counting.Count(AppliedPrice.Container, "read"),
                counting.Count(SkuInventory.Container, "read"),
                counting.Count(PricingContainers.Changes, "query"),
                counting.Count(ProductDemandDay.Container, "query"), // the product's partition (views) and the SKU's (add-to-carts)
                counting.Count(PricingContainers.Proposals, "create"),
                counting.Count(PricingContainers.Proposals, "query"), // older pending run proposals to supersede
                counting.Count(PricingContainers.Categories, "read"), // the category's guardrail and mode, once
            });
        Assert.True(counting.Total <= (7 * skus) + (2 * proposed) + 3, $"{counting.Total} store calls for {skus} SKUs and {proposed} proposals");
    }
}
