using Commerce.Analytics.Domain;
using Commerce.Analytics.Domain.Events;
using Commerce.Contracts;
using Microsoft.Extensions.Logging;

namespace Commerce.Analytics;

/// <summary>
/// `POST /api/events`: the clickstream collector. Accepts <c>{"events": [...]}</c> (at most 500), publishes the valid
/// events and answers 202 listing each rejected event with its reason; a batch with no valid event, more than 500
/// events or malformed JSON is refused with 400 problem details.
/// </summary>
public sealed partial class CollectEvents(StorefrontEventValidator validator, IClickstreamPublisher publisher, ILogger<CollectEvents> logger)
{
    /// <summary>Largest body accepted: 500 events of up to ~4 KB each.</summary>
    public const int MaxBodyBytes = 2 * 1024 * 1024;

    [Function(nameof(CollectEvents))]
    [OpenApiOperation("CollectEvents", "Collect a batch of storefront events (at most 500)")]
    [OpenApiSecurity(OpenApiCaller.Anyone)]
    [OpenApiRequestBody(typeof(CollectorRequest), MaxBodyBytes)]
    [OpenApiResponse(StatusCodes.Status202Accepted, typeof(CollectorResponse), Description = "How many were accepted, and each rejected event with its reason.")]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "clickstream-batch")]
    public async Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "events")] HttpRequest request, CancellationToken cancellationToken)
    {
        var (body, problem) = await RequestBodies.ReadAsync(request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem.ToResult();
        }

        var batch = CollectorBatch.Parse(body, validator);
        if (batch.BatchError is not null)
        {
            return Problems.Result(StatusCodes.Status400BadRequest, "clickstream-batch", "The event batch was refused.", batch.BatchError, new Dictionary<string, object?> { ["rejected"] = batch.Rejected });
        }

        try
        {
            await publisher.PublishAsync(batch.Accepted, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPublishFailed(ex, batch.Accepted.Count);
            return Problems.ServiceUnavailable("The clickstream is unavailable.", "Retry the batch later; events are deduplicated by id.");
        }

        return new ObjectResult(new CollectorResponse(batch.Accepted.Count, batch.Rejected)) { StatusCode = StatusCodes.Status202Accepted };
    }

    [LoggerMessage(LogLevel.Error, "Publishing {Count} clickstream events failed")]
    partial void LogPublishFailed(Exception exception, int count);
}

/// <summary>The collector's request as the document describes it (<see cref="CollectorBatch.Parse"/> reads it event by event).</summary>
public sealed record CollectorRequest(IReadOnlyList<StorefrontEvent> Events);

/// <summary>The collector's answer: how many events were accepted, and each rejected one with its reason.</summary>
public sealed record CollectorResponse(int Accepted, IReadOnlyList<RejectedEvent> Rejected);
