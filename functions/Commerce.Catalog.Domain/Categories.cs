using Commerce.Primitives;
using Commerce.Documents;
using Microsoft.Extensions.Caching.Hybrid;

namespace Commerce.Catalog.Domain;

/// <summary>
/// The category tree: every category in one partition (a few thousand at most), read as one query. Every storefront
/// page asks for the tree, so it is kept for a minute (as long as clients may cache it) and dropped here on a change.
/// </summary>
public sealed class Categories(IDocumentStore store, HybridCache cache)
{
    const string TreeKey = "catalog:categories:tree";
    static readonly HybridCacheEntryOptions TreeEntry = new() { Expiration = TimeSpan.FromMinutes(1), LocalCacheExpiration = TimeSpan.FromMinutes(1) };
    readonly IDocumentContainer<Category> _container = store.Container<Category>(CatalogContainers.Categories);

    public async Task<IReadOnlyList<Category>> AllAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<Category>();
        string? continuation = null;
        do
        {
            var page = await _container.QueryAsync(CatalogContainers.CategoryPartition, new DocumentQuery { PageSize = DocumentQueryRules.MaxPageSize, ContinuationToken = continuation }, cancellationToken);
            all.AddRange(page.Items.Select(d => d.Value));
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);
        return all;
    }

    public async Task<IReadOnlyList<CategoryNode>> TreeAsync(CancellationToken cancellationToken = default)
        => (await cache.GetOrCreateAsync(TreeKey, this, static async (self, ct) => new Tree(await self.BuildTreeAsync(ct)), TreeEntry, cancellationToken: cancellationToken)).Roots;

    async Task<CategoryNode[]> BuildTreeAsync(CancellationToken cancellationToken)
    {
        var all = await AllAsync(cancellationToken);
        var children = all.ToLookup(c => c.ParentId ?? string.Empty, StringComparer.Ordinal);
        CategoryNode[] Build(string parent) => children[parent]
            .OrderBy(c => c.SortOrder).ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new CategoryNode(c.Id, c.Name, Build(c.Id)))
            .ToArray();
        return Build(string.Empty);
    }

    /// <summary>The ids from the root down to <paramref name="categoryId"/>; empty when it does not exist.</summary>
    public async Task<IReadOnlyList<string>> PathAsync(string? categoryId, CancellationToken cancellationToken = default)
    {
        var path = new List<string>();
        for (var id = categoryId; id is not null && path.Count < 16; )
        {
            var category = await _container.ReadAsync(id, CatalogContainers.CategoryPartition, cancellationToken);
            if (category is null)
            {
                return [];
            }

            path.Insert(0, id);
            id = category.Value.ParentId;
        }

        return path;
    }

    public async Task<CatalogResult<Category>> PutAsync(Category category, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(category);
        if (!ProductRules.IsId(category.Id) || string.IsNullOrWhiteSpace(category.Name) || category.Name.Length > 100)
        {
            return CatalogResult<Category>.Invalid("category", "A category has an id (lower-case letters, digits, '-') and a name (≤100 characters).");
        }

        if (category.ParentId is not null)
        {
            var parentPath = await PathAsync(category.ParentId, cancellationToken);
            if (parentPath.Count == 0)
            {
                return CatalogResult<Category>.BreaksRule("unknown-parent-category", $"The parent category '{category.ParentId}' does not exist.");
            }

            if (parentPath.Contains(category.Id, StringComparer.Ordinal))
            {
                return CatalogResult<Category>.BreaksRule("category-cycle", "The parent must not be the category or one of its descendants.");
            }
        }

        var stored = await _container.UpsertAsync(category.Id, CatalogContainers.CategoryPartition, category with { Name = category.Name.Trim() }, cancellationToken: cancellationToken);
        await cache.RemoveAsync(TreeKey, cancellationToken);
        return new CatalogResult<Category>(CatalogOutcome.Ok, stored.Value, EntityTags.Of(stored.ETag));
    }

    /// <summary>The cached tree; immutable, so HybridCache shares one instance instead of copying it per read.</summary>
    [System.ComponentModel.ImmutableObject(true)]
    sealed record Tree(IReadOnlyList<CategoryNode> Roots);
}
