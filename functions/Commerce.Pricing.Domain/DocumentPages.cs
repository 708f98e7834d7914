using Commerce.Documents;

namespace Commerce.Pricing.Domain;

/// <summary>Every document of one partition, page by page (<paramref name="pageSize"/>, default the largest), in the query's order (stop early by breaking out).</summary>
static class DocumentPages
{
    public static async IAsyncEnumerable<T> AllAsync<T>(this IDocumentContainer<T> container, string partition, DocumentQuery? query = null, int pageSize = DocumentQueryRules.MaxPageSize, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        where T : class
    {
        var next = (query ?? new DocumentQuery()) with { PageSize = pageSize };
        do
        {
            var page = await container.QueryAsync(partition, next, cancellationToken);
            foreach (var item in page.Items)
            {
                yield return item.Value;
            }

            next = next with { ContinuationToken = page.ContinuationToken };
        }
        while (next.ContinuationToken is not null);
    }
}
