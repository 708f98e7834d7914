using Commerce.Cart.Auth;

namespace Commerce.Catalog;

/// <summary>`PUT /api/admin/categories/{id}`: creates or replaces a category node.</summary>
public sealed class AdminCategories(Categories categories, AdminAccess staff)
{
    [Function(nameof(PutCategory))]
    [OpenApiOperation("PutCategory", "Create or replace a category (staff)")]
    [OpenApiStaffOnly]
    [OpenApiParameter("id", OpenApiIn.Path, Pattern = "^[a-z0-9-]{1,64}$")]
    [OpenApiRequestBody(typeof(CategoryInput), CatalogHttp.MaxCategoryBytes)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(Category), Headers = ["ETag"])]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "validation")]
    [OpenApiProblem(StatusCodes.Status422UnprocessableEntity, "unknown-parent-category")]
    [OpenApiProblem(StatusCodes.Status422UnprocessableEntity, "category-cycle")]
    public async Task<IActionResult> PutCategory([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "admin/categories/{id}")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (await staff.RefuseUnlessStaffAsync(request, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (category, problem) = await CatalogHttp.ReadJsonAsync<CategoryInput>(request, CatalogHttp.MaxCategoryBytes, cancellationToken);
        return problem ?? CatalogHttp.ToResponse(await categories.PutAsync(new Category { Id = id, Name = category!.Name ?? string.Empty, ParentId = category.ParentId, SortOrder = category.SortOrder }, cancellationToken));
    }
}

public sealed record CategoryInput(string? Name, string? ParentId, int SortOrder = 0);
