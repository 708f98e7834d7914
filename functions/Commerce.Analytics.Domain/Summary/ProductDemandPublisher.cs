using Commerce.Contracts;
using Commerce.Documents;

namespace Commerce.Analytics.Domain.Summary;

/// <summary>
/// Publishes each product's demand of a day (<see cref="ProductDemandDay"/>, the contract pricing reads) from the
/// aggregates. Publishing a day again rewrites the same documents, so a retried or repeated run changes nothing.
/// </summary>
public sealed class ProductDemandPublisher(SummaryService summaries, IDocumentStore store)
{
    /// <summary>How long a published day is kept: over a year, so a price model can see a whole season.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(400);

    readonly IDocumentContainer<ProductDemandDay> _demand = store.Container<ProductDemandDay>(ProductDemandDay.Container);

    /// <summary>Writes the day's documents; returns how many products had demand.</summary>
    public async Task<int> PublishAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var products = await summaries.ProductDemandAsync(day, cancellationToken);
        foreach (var demand in products)
        {
            await _demand.UpsertAsync(ProductDemandDay.IdOf(day), demand.ProductId, demand, new DocumentWriteOptions { TimeToLive = Retention }, cancellationToken);
        }

        return products.Count;
    }
}
