using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Commerce.Pricing;

/// <summary>
/// The pricing run: a timer (<c>%Pricing:RunSchedule%</c>) starts the <see cref="PricingRun"/> orchestration, which
/// fans out per category with pricing: retrain the category's price model, then propose its prices. The rule is <see cref="PricingRunRule"/>.
/// </summary>
public sealed class PricingRunFunctions(PricingRuns runs, ILogger<PricingRunFunctions> logger)
{
    [Function(nameof(StartPricingRun))]
    public async Task StartPricingRun([TimerTrigger("%Pricing:RunSchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        var instanceId = await durable.ScheduleNewOrchestrationInstanceAsync(nameof(PricingRun), cancellation: cancellationToken);
        logger.LogInformation("Started pricing run {InstanceId}", instanceId);
    }

    /// <summary>Deterministic: activities only; the run id is the instance id.</summary>
    [Function(nameof(PricingRun))]
    public static async Task<IReadOnlyList<CategoryRunResult>> PricingRun([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var categories = await context.CallActivityAsync<IReadOnlyList<string>>(nameof(ListPricingCategories));
        return await Task.WhenAll(categories.Select(category => PriceCategoryAsync(context, category)));
    }

    static async Task<CategoryRunResult> PriceCategoryAsync(TaskOrchestrationContext context, string category)
    {
        await context.CallActivityAsync<PriceResponseModel?>(nameof(TrainPriceModel), category);
        return await context.CallActivityAsync<CategoryRunResult>(nameof(ProposeCategoryPrices), new CategoryRunInput(category, context.InstanceId));
    }

    [Function(nameof(TrainPriceModel))]
    public async Task<PriceResponseModel?> TrainPriceModel([ActivityTrigger] string categoryId, CancellationToken cancellationToken)
    {
        var model = await runs.TrainAsync(categoryId, cancellationToken);
        logger.LogInformation("Price model of {CategoryId}: elasticity {Elasticity} from {Observations} SKU-days", categoryId, model?.Elasticity, model?.Observations);
        return model;
    }

    [Function(nameof(ListPricingCategories))]
    public Task<IReadOnlyList<string>> ListPricingCategories([ActivityTrigger] object? input, CancellationToken cancellationToken)
        => runs.CategoriesAsync(cancellationToken);

    [Function(nameof(ProposeCategoryPrices))]
    public async Task<CategoryRunResult> ProposeCategoryPrices([ActivityTrigger] CategoryRunInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var result = await runs.ProposeAsync(input.CategoryId, input.RunId, cancellationToken);
        logger.LogInformation("Pricing run {RunId}: {Proposed} proposals over {Skus} SKUs of {CategoryId}", input.RunId, result.Proposed, result.Skus, result.CategoryId);
        return result;
    }
}

public sealed record CategoryRunInput(string CategoryId, string RunId);
