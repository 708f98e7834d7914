using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace Commerce.Replenishment;

/// <summary>Input of a run started by hand (a rerun or a backfill): the last day of demand it should see.</summary>
public sealed record ReplenishmentRunRequest(DateOnly? Origin);

/// <summary>
/// The nightly run: a timer (<c>%Replenishment:RunSchedule%</c>) starts the <see cref="NightlyReplenishmentRun"/>
/// orchestration, which trains the demand model once, fans out over the partitions of SKUs (forecast, levels, risks,
/// suggestions per SKU × warehouse) and sends the day's suggestions. The steps are <see cref="ReplenishmentRuns"/>.
/// </summary>
public sealed class ReplenishmentRunFunctions(ReplenishmentRuns runs, ILogger<ReplenishmentRunFunctions> logger)
{
    [Function(nameof(StartReplenishmentRun))]
    public async Task StartReplenishmentRun([TimerTrigger("%Replenishment:RunSchedule%")] TimerInfo timer, [DurableClient] DurableTaskClient durable, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(durable);
        var instanceId = await durable.ScheduleNewOrchestrationInstanceAsync(nameof(NightlyReplenishmentRun), cancellation: cancellationToken);
        logger.LogInformation("Started replenishment run {InstanceId}", instanceId);
    }

    /// <summary>Deterministic: the origin is the orchestration's clock (yesterday, the last whole day) or its input; activities do the rest; the run id is the instance id.</summary>
    [Function(nameof(NightlyReplenishmentRun))]
    public static async Task<RunSummary> NightlyReplenishmentRun([OrchestrationTrigger] TaskOrchestrationContext context, ReplenishmentRunRequest? request)
    {
        ArgumentNullException.ThrowIfNull(context);
        var origin = request?.Origin ?? DateOnly.FromDateTime(context.CurrentUtcDateTime).AddDays(-1);
        var run = new RunInput(context.InstanceId, origin);
        await context.CallActivityAsync<int>(nameof(TrainDemandModel), run);
        var partitions = await Task.WhenAll(DemandPartitions.All.Select(p => context.CallActivityAsync<PartitionOutcome>(nameof(PlanDemandPartition), new PartitionInput(run, p))));
        return await context.CallActivityAsync<RunSummary>(nameof(SendReplenishmentOrders), new OrdersInput(run, partitions));
    }

    [Function(nameof(TrainDemandModel))]
    public async Task<int> TrainDemandModel([ActivityTrigger] RunInput run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        var rows = await runs.TrainAsync(run, cancellationToken);
        logger.LogInformation("Replenishment run {RunId}: demand model trained on {Rows} rows up to {Origin}", run.RunId, rows, run.Origin);
        return rows;
    }

    [Function(nameof(PlanDemandPartition))]
    public async Task<PartitionOutcome> PlanDemandPartition([ActivityTrigger] PartitionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var outcome = await runs.PlanPartitionAsync(input, cancellationToken);
        logger.LogInformation("Replenishment run {RunId}, partition {Partition}: {Planned} of {Series} series planned, {AtRisk} at risk", input.Run.RunId, input.Partition, outcome.Planned, outcome.Series, outcome.AtRisk);
        return outcome;
    }

    [Function(nameof(SendReplenishmentOrders))]
    public async Task<RunSummary> SendReplenishmentOrders([ActivityTrigger] OrdersInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var summary = await runs.SendOrdersAsync(input, cancellationToken);
        logger.LogInformation("Replenishment run {RunId}: {PurchaseOrders} purchase orders and {Transfers} transfers sent", summary.RunId, summary.PurchaseOrders, summary.Transfers);
        return summary;
    }
}
