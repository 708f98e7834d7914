namespace Commerce.Pricing.UnitTests;

public sealed class ExperimentTests
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    static ExperimentInput Input(IReadOnlyList<string>? skus = null, IReadOnlyList<string>? categories = null, int controlWeight = 50) => new(
        "Knitwear -5 %",
        [new ExperimentVariantInput("control", 10_000, controlWeight), new ExperimentVariantInput("minus5", 9_500, 100 - controlWeight)],
        skus,
        categories,
        StartAt: null,
        StopAt: null);

    static async Task<PricingStore> StoreWithSkusAsync()
    {
        var pricing = new PricingStore();
        foreach (var (sku, category) in new[] { ("SKU-1", "knitwear"), ("SKU-2", "knitwear"), ("SKU-3", "denim") })
        {
            await pricing.Store.Container<SkuSnapshot>(SkuSnapshot.Container).UpsertAsync(sku, sku, new SkuSnapshot { Sku = sku, ProductId = "P-" + sku, Name = sku, CategoryId = category, Status = SkuStatus.Active, Prices = new Dictionary<string, long> { ["EUR"] = 2_000 } }, cancellationToken: Cancel);
        }

        return pricing;
    }

    [Fact]
    public void Assignment_is_deterministic_per_shopper_and_follows_the_split()
    {
        var experiment = ExperimentInputs.ToExperiment(Input(["SKU-1"], controlWeight: 20), "staff", DateTimeOffset.UnixEpoch, [])!;

        var assigned = Enumerable.Range(0, 20_000).Select(i => Experiments.Assign(experiment, "shopper-" + i).Name).ToArray();

        Assert.All(Enumerable.Range(0, 100), i => Assert.Equal(assigned[i], Experiments.Assign(experiment, "shopper-" + i).Name));
        Assert.InRange(assigned.Count(n => n == "control") / 20_000.0, 0.19, 0.21);
    }

    [Fact]
    public void A_definition_with_bad_variants_or_no_targets_is_invalid()
    {
        var errors = new Dictionary<string, string[]>();

        var experiment = ExperimentInputs.ToExperiment(new ExperimentInput(" ", [new ExperimentVariantInput("a", 30_000, 60), new ExperimentVariantInput("a", 10_000, 30)], [], [], null, null), "staff", DateTimeOffset.UnixEpoch, errors);

        Assert.Null(experiment);
        Assert.Equal(["name", "targets", "variants.multiplierBasisPoints", "variants.name", "variants.weight"], errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_experiment_overlapping_a_running_one_on_a_sku_directly_or_through_its_category_is_refused_until_it_stops()
    {
        using var pricing = await StoreWithSkusAsync();
        var experiments = new Experiments(pricing.Store, pricing.Pricing, TimeProvider.System);
        var first = await experiments.CreateAsync(Input(categories: ["knitwear"]), "staff", Cancel);
        Assert.Equal(PricingOutcome.Created, first.Outcome);

        var sameSku = await experiments.CreateAsync(Input(skus: ["SKU-1"]), "staff", Cancel);
        var sameCategory = await experiments.CreateAsync(Input(categories: ["knitwear"]), "staff", Cancel);
        var elsewhere = await experiments.CreateAsync(Input(skus: ["SKU-3"]), "staff", Cancel);

        Assert.Equal((PricingOutcome.Refused, Experiments.OverlapRule), (sameSku.Outcome, sameSku.Refusal?.Rule));
        Assert.Equal((PricingOutcome.Refused, Experiments.OverlapRule), (sameCategory.Outcome, sameCategory.Refusal?.Rule));
        Assert.Equal(PricingOutcome.Created, elsewhere.Outcome);
        await experiments.StopAsync(first.Value!.Id, "staff", Cancel);
        Assert.Equal(PricingOutcome.Created, (await experiments.CreateAsync(Input(skus: ["SKU-1"]), "staff", Cancel)).Outcome);
    }

    [Fact]
    public async Task Results_report_each_variants_visitors_and_rolling_out_the_winner_proposes_its_prices_within_the_guardrails()
    {
        using var pricing = await StoreWithSkusAsync();
        await pricing.Store.Container<SkuPricing>(PricingContainers.Skus).UpsertAsync("SKU-1", "SKU-1", new SkuPricing { Sku = "SKU-1", Costs = new Dictionary<string, long> { ["EUR"] = 1_000 }, Guardrail = new Guardrail { MinMarginBasisPoints = 2_000 }, UpdatedBy = "staff" }, cancellationToken: Cancel);
        var experiments = new Experiments(pricing.Store, pricing.Pricing, TimeProvider.System);
        var experiment = (await experiments.CreateAsync(Input(skus: ["SKU-1"]), "staff", Cancel)).Value!;
        for (var i = 0; i < 40; i++)
        {
            await experiments.RecordVisitAsync(experiment.Id, "shopper-" + i, converted: i % 4 == 0, revenue: i % 4 == 0 ? 2_000 : 0, margin: i % 4 == 0 ? 1_000 : 0, Cancel);
        }

        var results = (await experiments.ResultsAsync(experiment.Id, Cancel)).Value!;
        Assert.Equal(40, results.Variants.Sum(v => v.Visitors));
        Assert.Null(results.Variants[0].AgainstControl);
        Assert.False(results.Variants[1].AgainstControl!.Significant);

        var rolled = await experiments.RollOutAsync(experiment.Id, new RolloutInput("minus5"), "staff", Cancel);

        Assert.Equal((ExperimentStatus.RolledOut, "minus5"), (rolled.Value!.Status, rolled.Value.Winner));
        var proposal = Assert.Single((await pricing.Pricing.PendingAsync("SKU-1", Cancel)).Value!);
        Assert.Equal(1_900, proposal.Price);
        Assert.Null(await experiments.RecordVisitAsync(experiment.Id, "shopper-x", false, 0, 0, Cancel));
    }
}
