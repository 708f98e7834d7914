using Commerce.Documents;
using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Serving;
using Microsoft.Extensions.Options;

namespace Commerce.Recommendations.Stores;

/// <summary>
/// Training data from the hourly interaction log: one single-partition query per hour of the last
/// <see cref="RecommendationOptions.DataDays"/> days, in temporal order.
/// </summary>
public sealed class DocumentTrainingDataSource(IDocumentStore store, IOptions<RecommendationOptions> options, TimeProvider clock) : ITrainingDataSource
{
    private readonly IDocumentContainer<LoggedInteraction> _log = store.Container<LoggedInteraction>(InteractionsContainer.Name);

    public async Task<TrainingData> LoadAsync(CancellationToken cancellationToken = default)
    {
        var to = clock.GetUtcNow();
        var from = to.AddDays(-options.Value.DataDays);
        var hours = new List<DateTimeOffset>();
        for (var hour = new DateTimeOffset(from.Year, from.Month, from.Day, from.Hour, 0, 0, TimeSpan.Zero); hour <= to; hour = hour.AddHours(1))
        {
            hours.Add(hour);
        }

        var perHour = new List<Interaction>[hours.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, hours.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken }, async (h, ct) =>
        {
            var found = new List<Interaction>();
            string? continuation = null;
            do
            {
                var page = await _log.QueryAsync(InteractionsContainer.HourKey(hours[h]), new DocumentQuery { PageSize = DocumentQueryRules.MaxPageSize, ContinuationToken = continuation }, ct);
                found.AddRange(page.Items.Select(d => d.Value).Where(i => i.Timestamp >= from && i.Timestamp <= to)
                    .Select(i => new Interaction(i.UserId, i.ProductId, i.Kind, i.Timestamp)));
                continuation = page.ContinuationToken;
            }
            while (continuation is not null);
            perHour[h] = found;
        });

        var interactions = perHour.SelectMany(h => h).ToList();
        interactions.Sort(static (a, b) => a.Timestamp.CompareTo(b.Timestamp));
        return new TrainingData(interactions);
    }
}
