using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Commerce.Pricing;

/// <summary>
/// The pricing run: a timer (<c>%Pricing:RunSchedule%</c>) starts the <see cref="PricingRun"/> orchestration, which
/// fans out per category with pricing: one activity reads the category's SKUs once, retrains its price model on them,
/// then proposes their prices. The rule is <see cref="PricingRunRule"/>.
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
        return await Task.WhenAll(categories.Select(category => context.CallActivityAsync<CategoryRunResult>(nameof(PriceCategory), new CategoryRunInput(category, context.InstanceId))));
    }

    [Function(nameof(ListPricingCategories))]
    public Task<IReadOnlyList<string>> ListPricingCategories([ActivityTrigger] object? input, CancellationToken cancellationToken)
        => runs.CategoriesAsync(cancellationToken);

    [Function(nameof(PriceCategory))]
    public async Task<CategoryRunResult> PriceCategory([ActivityTrigger] CategoryRunInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (result, model) = await runs.RunCategoryAsync(input.CategoryId, input.RunId, cancellationToken);
        logger.LogInformation("Price model of {CategoryId}: elasticity {Elasticity} from {Observations} SKU-days", input.CategoryId, model?.Elasticity, model?.Observations);
        logger.LogInformation("Pricing run {RunId}: {Proposed} proposals over {Skus} SKUs of {CategoryId}", input.RunId, result.Proposed, result.Skus, result.CategoryId);
        return result;
    }
}

public sealed record CategoryRunInput(string CategoryId, string RunId);
