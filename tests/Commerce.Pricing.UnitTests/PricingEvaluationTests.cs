using System.Globalization;

namespace Commerce.Pricing.UnitTests;

/// <summary>
/// The pricing run against price-sensitive shoppers with known elasticities: trained on the history they produced, the
/// run's prices must earn ≥ 95 % of the expected margin of the oracle prices (each SKU's true elasticity's optimum
/// within the same guardrails); "never change the price" (the list price) is the baseline of the same run.
/// </summary>
public sealed class PricingEvaluationTests(ITestOutputHelper output)
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static readonly Dictionary<string, double> TrueElasticities = new() { ["knitwear"] = -1.6, ["denim"] = -2.2, ["shoes"] = -3.0, ["basics"] = -4.0 };

    [Theory]
    [InlineData(1, ApprovalMode.Automatic)]
    [InlineData(2, ApprovalMode.Automatic)]
    [InlineData(3, ApprovalMode.Approval)]
    public async Task The_pricing_runs_prices_earn_at_least_95_percent_of_the_oracle_margin(int seed, ApprovalMode mode)
    {
        using var pricing = new PricingStore();
        var market = new PriceSensitiveMarket(seed, TrueElasticities, skusPerCategory: 30);
        await market.SeedAsync(pricing.Store, days: 56, mode, Cancel);

        foreach (var category in TrueElasticities.Keys)
        {
            Assert.NotNull(await pricing.Runs.TrainAsync(category, Cancel));
            await pricing.Runs.ProposeAsync(category, "evaluation-" + seed, Cancel);
        }

        var (run, oracle, baseline) = (0.0, 0.0, 0.0);
        foreach (var product in market.Products)
        {
            var price = mode == ApprovalMode.Automatic
                ? await pricing.AppliedPriceAsync(product.Sku, PriceSensitiveMarket.Currency, Cancel)
                : (await pricing.Pricing.PendingAsync(product.Sku, Cancel)).Value!.Select(p => p.Price).DefaultIfEmpty(product.ListPrice).Single();
            run += product.ExpectedMargin(price);
            oracle += product.ExpectedMargin(product.OraclePrice);
            baseline += product.ExpectedMargin(product.ListPrice);
        }

        foreach (var (category, elasticity) in TrueElasticities)
        {
            var model = await pricing.Models.CurrentAsync(category, Cancel);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{category}: true elasticity {elasticity:F2} (SKUs ±15 %), learned {model!.Elasticity:F2} from {model.Observations} SKU-days"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {seed} ({mode}): expected margin per day run {run / 100:F0}, oracle {oracle / 100:F0}, never-change baseline {baseline / 100:F0}; run/oracle {run / oracle:P1}, baseline/oracle {baseline / oracle:P1}"));
        Assert.True(run >= 0.95 * oracle, string.Create(CultureInfo.InvariantCulture, $"run/oracle {run / oracle:P1}"));
        Assert.True(run > baseline, "the run beats never changing the price");
    }
}
