namespace Commerce.Pricing;

/// <summary>
/// Competitor prices a price monitoring service pushes on the <see cref="CompetitorPrices.Queue"/> queue. Stale and
/// superseded ones are ignored (logged with why); a malformed one, or one for a SKU the catalog does not sell, throws
/// <see cref="MalformedCompetitorPriceException"/> with the reason, so the host moves it to the poison queue.
/// </summary>
public sealed class CompetitorPriceFunctions(CompetitorPrices prices, ILogger<CompetitorPriceFunctions> logger)
{
    [Function(nameof(CompetitorPriceReceived))]
    public async Task CompetitorPriceReceived([QueueTrigger(CompetitorPrices.Queue)] string message, CancellationToken cancellationToken)
    {
        var outcome = await prices.ReceiveAsync(message, cancellationToken);
        logger.LogInformation("Competitor price message: {Outcome}", outcome);
    }
}
