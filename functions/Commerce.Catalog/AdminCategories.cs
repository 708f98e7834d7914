namespace Commerce.Catalog;

/// <summary>`PUT /api/admin/categories/{id}`: creates or replaces a category node.</summary>
public sealed class AdminCategories(Categories categories)
{
    [Function(nameof(PutCategory))]
    public async Task<IActionResult> PutCategory([HttpTrigger(AuthorizationLevel.Function, "put", Route = "admin/categories/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        var (category, problem) = await CatalogHttp.ReadJsonAsync<CategoryInput>(request, CatalogHttp.MaxCategoryBytes, cancellationToken);
        return problem ?? CatalogHttp.ToResponse(await categories.PutAsync(new Category { Id = id, Name = category!.Name ?? string.Empty, ParentId = category.ParentId, SortOrder = category.SortOrder }, cancellationToken));
    }
}

public sealed record CategoryInput(string? Name, string? ParentId, int SortOrder = 0);
