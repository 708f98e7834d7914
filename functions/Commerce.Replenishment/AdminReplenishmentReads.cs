using Commerce.Cart.Auth;

namespace Commerce.Replenishment;

/// <summary>
/// Back-office reads of the nightly run (staff only, see <see cref="AdminAccess"/>; anyone else gets the 404 problem of
/// a route that does not exist): one SKU per warehouse, and the stockout-risk list of the last run.
/// </summary>
public sealed class AdminReplenishmentReads(AdminAccess staff, ReplenishmentReads reads)
{
    public const string UnknownSku = "replenishment-unknown-sku";

    /// <summary>The 404 problem of a SKU replenishment does not know (<paramref name="detail"/> says how).</summary>
    public static IActionResult UnknownSkuProblem(string detail) => Problems.NotFound(UnknownSku, "Unknown SKU.", detail);

    [Function(nameof(GetSkuReplenishment))]
    [OpenApiOperation("GetSkuReplenishment", "A SKU per warehouse: forecast, actuals, reorder point, order-up-to level, open suggested orders (staff)")]
    [OpenApiStaffOnly]
    [OpenApiProblem(StatusCodes.Status404NotFound, UnknownSku)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(SkuReplenishment))]
    public async Task<IActionResult> GetSkuReplenishment([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/replenishment/{sku}")] HttpRequest request, string sku, CancellationToken cancellationToken)
    {
        if (await staff.RefuseUnlessStaffAsync(request, cancellationToken) is { } refused)
        {
            return refused;
        }

        return await reads.SkuAsync(sku, cancellationToken) is { } found
            ? new OkObjectResult(found)
            : UnknownSkuProblem("Replenishment has no demand, levels or suggestions for this SKU.");
    }

    [Function(nameof(ListStockoutRisks))]
    [OpenApiOperation("ListStockoutRisks", "The last run's SKU x warehouses whose stock runs out before an order placed today arrives, most days short first (staff)")]
    [OpenApiStaffOnly]
    [OpenApiParameter("pageSize", Type = "integer", Minimum = 1, Maximum = ReplenishmentReads.MaxPageSize)]
    [OpenApiParameter("continuation", Description = "The continuation of the previous page, unchanged.")]
    [OpenApiProblem(StatusCodes.Status400BadRequest, "validation")]
    [OpenApiProblem(StatusCodes.Status422UnprocessableEntity, "unknown-continuation")]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(StockoutRiskPage))]
    public async Task<IActionResult> ListStockoutRisks([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "admin/replenishment/risks")] HttpRequest request, CancellationToken cancellationToken)
    {
        if (await staff.RefuseUnlessStaffAsync(request, cancellationToken) is { } refused)
        {
            return refused;
        }

        if (!QueryNumber.TryRead(request.Query["pageSize"], 1, ReplenishmentReads.MaxPageSize, out var size))
        {
            return Problems.Validation(new Dictionary<string, string[]> { ["pageSize"] = [QueryNumber.Rule(1, ReplenishmentReads.MaxPageSize)] });
        }

        var continuation = request.Query.TryGetValue("continuation", out var token) ? token.ToString() : null;
        try
        {
            return new OkObjectResult(await reads.RisksAsync((int)(size ?? ReplenishmentReads.DefaultPageSize), continuation, cancellationToken));
        }
        catch (ArgumentException)
        {
            return Problems.Unprocessable("unknown-continuation", "The request breaks a rule.", "The continuation is not one this listing returned: pass it back unchanged.");
        }
    }
}
