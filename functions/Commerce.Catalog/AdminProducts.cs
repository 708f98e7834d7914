using System.Text.Json;
using System.Text.Json.Nodes;
using Commerce.Cart.Auth;

namespace Commerce.Catalog;

/// <summary>Admin product writes (staff: the admin app role, see <see cref="AdminAccess"/>): create, replace, JSON merge patch, archive.</summary>
public sealed class AdminProducts(ProductWriter writer, AdminAccess staff)
{
    [Function(nameof(CreateProduct))]
    [OpenApiOperation("CreateProduct", "Create a product (staff)")]
    [OpenApiRequestBody(typeof(ProductInput), CatalogHttp.MaxProductBytes)]
    [ProductWrite(StatusCodes.Status201Created)]
    public async Task<IActionResult> CreateProduct([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/products")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (await staff.RefuseUnlessStaffAsync(request, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (input, problem) = await CatalogHttp.ReadJsonAsync<ProductInput>(request, CatalogHttp.MaxProductBytes, cancellationToken);
        return problem ?? CatalogHttp.ToResponse(await writer.CreateAsync(input!, cancellationToken));
    }

    [Function(nameof(ReplaceProduct))]
    [OpenApiOperation("ReplaceProduct", "Create or replace a product (staff)")]
    [OpenApiHeader(OpenApiHeader.IfMatch)]
    [OpenApiRequestBody(typeof(ProductInput), CatalogHttp.MaxProductBytes)]
    [ProductWrite(StatusCodes.Status200OK)]
    [OpenApiResponse(StatusCodes.Status201Created, typeof(Product), Headers = ["ETag"])]
    public async Task<IActionResult> ReplaceProduct([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = CatalogHttp.AdminProductRoute)] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (await staff.RefuseUnlessStaffAsync(request, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (input, problem) = await CatalogHttp.ReadJsonAsync<ProductInput>(request, CatalogHttp.MaxProductBytes, cancellationToken);
        return problem ?? CatalogHttp.ToResponse(await writer.ReplaceAsync(id, input!, CatalogHttp.IfMatch(request), cancellationToken));
    }

    [Function(nameof(PatchProduct))]
    [OpenApiOperation("PatchProduct", "Change a product with a JSON merge patch (staff)")]
    [OpenApiHeader(OpenApiHeader.IfMatch)]
    [OpenApiRequestBody(typeof(JsonObject), CatalogHttp.MaxProductBytes, ContentTypes = ["application/merge-patch+json", "application/json"])]
    [ProductWrite(StatusCodes.Status200OK)]
    [OpenApiProblem(StatusCodes.Status404NotFound, "not-found")]
    public async Task<IActionResult> PatchProduct([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = CatalogHttp.AdminProductRoute)] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (await staff.RefuseUnlessStaffAsync(request, cancellationToken) is { } refused)
        {
            return refused;
        }

        var (patch, problem) = await CatalogHttp.ReadJsonAsync<JsonObject>(request, CatalogHttp.MaxProductBytes, cancellationToken);
        return problem ?? CatalogHttp.ToResponse(await writer.PatchAsync(id, input => Apply(input, patch!), CatalogHttp.IfMatch(request), cancellationToken));
    }

    [Function(nameof(ArchiveProduct))]
    [OpenApiOperation("ArchiveProduct", "Archive a product (staff)")]
    [ProductWrite(StatusCodes.Status200OK)]
    public async Task<IActionResult> ArchiveProduct([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "admin/products/{id}/archive")] HttpRequest request, string id, CancellationToken cancellationToken)
    {
        if (await staff.RefuseUnlessStaffAsync(request, cancellationToken) is { } refused)
        {
            return refused;
        }

        return CatalogHttp.ToResponse(await writer.ArchiveAsync(id, cancellationToken));
    }

    /// <summary>RFC 7396 JSON merge patch over the product's input form.</summary>
    static Validated<ProductInput> Apply(ProductInput input, JsonObject patch)
    {
        var target = JsonSerializer.SerializeToNode(input, CommerceJson.Options)!.AsObject();
        Merge(target, patch);
        try
        {
            return Validated<ProductInput>.Valid(target.Deserialize<ProductInput>(CommerceJson.Options)!);
        }
        catch (JsonException ex)
        {
            return Validated<ProductInput>.Invalid(new Dictionary<string, string[]> { ["body"] = [ex.Message] });
        }
    }

    static void Merge(JsonObject target, JsonObject patch)
    {
        foreach (var (key, value) in patch.ToArray())
        {
            if (value is null)
            {
                target.Remove(key);
            }
            else if (value is JsonObject child && target[key] is JsonObject existing)
            {
                Merge(existing, child);
            }
            else
            {
                target[key] = value.DeepClone();
            }
        }
    }
}
