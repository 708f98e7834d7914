using Commerce.Cart.Auth;

namespace Commerce.Replenishment;

/// <summary>
/// Back-office replenishment settings (staff only, see <see cref="AdminAccess"/>; anyone else gets the 404 problem of a
/// route that does not exist): a supplier's lead time and review period to a warehouse, a category's target service
/// level, a SKU's supplier (a SKU the catalog has; else the 404 problem <c>replenishment-unknown-sku</c>). Values outside the sane ranges (<see cref="ReplenishmentLimits"/>) are refused with a 400 validation problem.
/// </summary>
public sealed class AdminReplenishment(AdminAccess staff, ReplenishmentSettings settings)
{
    public const int MaxBodyBytes = 4 * 1024;

    [Function(nameof(SetSupplyTerms))]
    [OpenApiOperation("SetSupplyTerms", "Set a supplier's lead time and review period to a warehouse (staff)")]
    [OpenApiStaffOnly]
    [OpenApiRequestBody(typeof(SupplyTermsInput), MaxBodyBytes)]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "validation")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(SupplyTerms))]
    public Task<IActionResult> SetSupplyTerms([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "admin/replenishment/suppliers/{supplier}/warehouses/{warehouse}")] HttpRequest request, string supplier, string warehouse, CancellationToken cancellationToken)
        => WithBodyAsync(request, (SupplyTermsInput? input) => settings.SetSupplyTermsAsync(supplier, warehouse, input, cancellationToken), cancellationToken);

    [Function(nameof(SetCategoryServiceLevel))]
    [OpenApiOperation("SetCategoryServiceLevel", "Set a category's target service level, 0.5 to 0.999 (staff)")]
    [OpenApiStaffOnly]
    [OpenApiRequestBody(typeof(ServiceLevelInput), MaxBodyBytes)]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "validation")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(CategoryServiceLevel))]
    public Task<IActionResult> SetCategoryServiceLevel([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "admin/replenishment/categories/{category}")] HttpRequest request, string category, CancellationToken cancellationToken)
        => WithBodyAsync(request, (ServiceLevelInput? input) => settings.SetServiceLevelAsync(category, input, cancellationToken), cancellationToken);

    [Function(nameof(SetSkuSupplier))]
    [OpenApiOperation("SetSkuSupplier", "Set the supplier a SKU is bought from (staff)")]
    [OpenApiStaffOnly]
    [OpenApiRequestBody(typeof(SkuSupplierInput), MaxBodyBytes)]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "validation")]
    [OpenApiProblem(StatusCodes.Status404NotFound, AdminReplenishmentReads.UnknownSku)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(SkuSupplier))]
    public Task<IActionResult> SetSkuSupplier([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "admin/replenishment/skus/{sku}/supplier")] HttpRequest request, string sku, CancellationToken cancellationToken)
        => WithBodyAsync(request, (SkuSupplierInput? input) => settings.SetSupplierAsync(sku, input, cancellationToken), cancellationToken);

    async Task<IActionResult> WithBodyAsync<T, TResult>(HttpRequest request, Func<T?, Task<SettingsResult<TResult>>> act, CancellationToken cancellationToken)
        where T : class
        where TResult : class
    {
        if (await staff.RefuseUnlessStaffAsync(request, cancellationToken) is { } refused)
        {
            return refused;
        }

        var body = await RequestBodies.ReadJsonAsync<T>(request, MaxBodyBytes, cancellationToken);
        if (body.Problem is { } problem)
        {
            return problem.ToResult();
        }

        var result = await act(body.Value);
        return result.Errors is { } errors ? Problems.Validation(errors.ToDictionary(e => e.Key, e => e.Value))
            : result.Unknown is { } unknown ? AdminReplenishmentReads.UnknownSkuProblem(unknown)
            : new OkObjectResult(result.Value);
    }
}
