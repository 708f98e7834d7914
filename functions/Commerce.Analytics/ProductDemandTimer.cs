using Commerce.Analytics.Domain;
using Commerce.Analytics.Domain.Summary;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Commerce.Analytics;

/// <summary>
/// Daily at 00:20 UTC, publishes each product's demand (<see cref="Commerce.Contracts.ProductDemandDay"/>) for the
/// pricing context's signals and price models: every whole day up to yesterday that late events
/// (<see cref="AnalyticsOptions.LateEventHorizon"/>) could still have changed, rewritten from the aggregates.
/// </summary>
public sealed partial class ProductDemandTimer(ProductDemandPublisher publisher, IOptions<AnalyticsOptions> options, TimeProvider clock, ILogger<ProductDemandTimer> logger)
{
    [Function(nameof(PublishProductDemand))]
    public async Task PublishProductDemand([TimerTrigger("0 20 0 * * *")] TimerInfo timer, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        for (var day = today.AddDays(-(int)Math.Ceiling(options.Value.LateEventHorizon.TotalDays)); day < today; day = day.AddDays(1))
        {
            LogPublished(await publisher.PublishAsync(day, cancellationToken), day);
        }
    }

    [LoggerMessage(LogLevel.Information, "Published the demand of {Count} products for {Day}")]
    partial void LogPublished(int count, DateOnly day);
}
