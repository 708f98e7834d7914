namespace Commerce.Pricing;

/// <summary>
/// A/B price experiments (staff only; anyone else gets the 404 of a route that does not exist): list the running ones
/// with their results, define one (an overlap with a running experiment on a SKU is a 409), read it, its results (conversion, revenue and margin per visitor per
/// variant, intervals and the sequential test), stop it, or roll out a variant.
/// </summary>
public sealed class AdminExperiments(PricingHttp http, Experiments experiments)
{
    [Function(nameof(CreatePriceExperiment))]
    [OpenApiOperation("CreatePriceExperiment", "Start an A/B price experiment: variants as price multipliers, traffic split, target SKUs or categories (staff)")]
    [PriceExperimentRoute(typeof(ExperimentInput))]
    [OpenApiProblem(StatusCodes.Status409Conflict, Experiments.OverlapRule)]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(PriceExperiment))]
    public Task<IActionResult> CreatePriceExperiment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/experiments")] HttpRequest request, CancellationToken cancellationToken)
        => http.WithBodyAsync(request, (ExperimentInput? input, string by) => experiments.CreateAsync(input, by, cancellationToken), Respond, cancellationToken);

    [Function(nameof(ListRunningPriceExperiments))]
    [OpenApiOperation("ListRunningPriceExperiments", "The running A/B price experiments, newest first, each with its results per variant (staff; the analytics dashboard's experiments panel)")]
    [PricingStaff]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(RunningExperiment[]))]
    public Task<IActionResult> ListRunningPriceExperiments([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/experiments")] HttpRequest request, CancellationToken cancellationToken)
        => http.AsStaffAsync(request, _ => experiments.RunningAsync(cancellationToken), cancellationToken);

    [Function(nameof(GetPriceExperiment))]
    [OpenApiOperation("GetPriceExperiment", "An A/B price experiment (staff)")]
    [PriceExperimentRoute]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(PriceExperiment))]
    public Task<IActionResult> GetPriceExperiment([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/experiments/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
        => http.AsStaffAsync(request, _ => experiments.GetAsync(id, cancellationToken), cancellationToken);

    [Function(nameof(GetPriceExperimentResults))]
    [OpenApiOperation("GetPriceExperimentResults", "An experiment's results per variant, with 95 % intervals and an always-valid sequential test against the control (staff)")]
    [PriceExperimentRoute]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(ExperimentResults))]
    public Task<IActionResult> GetPriceExperimentResults([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/experiments/{id}/results")] HttpRequest request, string id, CancellationToken cancellationToken)
        => http.AsStaffAsync(request, _ => experiments.ResultsAsync(id, cancellationToken), cancellationToken);

    [Function(nameof(StopPriceExperiment))]
    [OpenApiOperation("StopPriceExperiment", "Stop an experiment: every shopper sees the current prices again (staff)")]
    [PriceExperimentRoute]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(PriceExperiment))]
    public Task<IActionResult> StopPriceExperiment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/experiments/{id}/stop")] HttpRequest request, string id, CancellationToken cancellationToken)
        => http.AsStaffAsync(request, by => experiments.StopAsync(id, by, cancellationToken), cancellationToken);

    [Function(nameof(RollOutPriceExperiment))]
    [OpenApiOperation("RollOutPriceExperiment", "End an experiment and propose a variant's prices for its SKUs, through the guardrails and approval mode (staff)")]
    [PriceExperimentRoute(typeof(RolloutInput))]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(PriceExperiment))]
    public Task<IActionResult> RollOutPriceExperiment([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/experiments/{id}/rollout")] HttpRequest request, string id, CancellationToken cancellationToken)
        => http.WithBodyAsync(request, (RolloutInput? input, string by) => experiments.RollOutAsync(id, input, by, cancellationToken), PricingHttp.ToResponse, cancellationToken);

    static IActionResult Respond(PricingResult<PriceExperiment> result)
        => result is { Outcome: PricingOutcome.Refused, Refusal.Rule: Experiments.OverlapRule }
            ? Problems.Result(StatusCodes.Status409Conflict, Experiments.OverlapRule, "The experiment overlaps a running one.", result.Refusal.Detail)
            : PricingHttp.ToResponse(result);
}
