using Microsoft.DurableTask;

namespace Commerce.Benchmarks.Durable;

/// <summary>
/// A checkout-shaped orchestration: seven activities called one after another, with the
/// compensations a saga would run if one failed (none fail here; the shape is what is measured).
/// </summary>
internal static class SagaWorkload
{
    public const string Orchestration = "BenchmarkCheckoutSaga";

    private static readonly string[] Steps =
    [
        "ReserveStock",
        "PriceOrder",
        "AuthorizePayment",
        "AllocateWarehouse",
        "CapturePayment",
        "CreateShipment",
        "NotifyCustomer",
    ];

    private const string Compensate = "CompensateStep";

    /// <summary>The number of activities a saga runs when nothing fails.</summary>
    public static int StepCount => Steps.Length;

    /// <summary>Registers the saga; <paramref name="progress"/> counts executed activities.</summary>
    public static void Register(DurableTaskRegistry tasks, SagaProgress progress)
    {
        tasks.AddOrchestratorFunc<string, int>(Orchestration, RunAsync);
        foreach (var step in Steps)
        {
            tasks.AddActivityFunc<string, string>(step, (_, orderId) =>
            {
                progress.ActivityExecuted();
                return $"{orderId}:{step}";
            });
        }

        tasks.AddActivityFunc<string, string>(Compensate, (_, stepResult) => $"undone {stepResult}");
    }

    private static async Task<int> RunAsync(TaskOrchestrationContext context, string orderId)
    {
        var done = new Stack<string>();
        try
        {
            foreach (var step in Steps)
            {
                done.Push(await context.CallActivityAsync<string>(step, orderId));
            }

            return done.Count;
        }
        catch (TaskFailedException)
        {
            while (done.TryPop(out var stepResult))
            {
                await context.CallActivityAsync<string>(Compensate, stepResult);
            }

            throw;
        }
    }
}

/// <summary>Counts activities executed, so an engine that completes no saga in its budget still shows its pace.</summary>
internal sealed class SagaProgress
{
    private long activities;

    public long Activities => Interlocked.Read(ref activities);

    public void ActivityExecuted() => Interlocked.Increment(ref activities);
}
