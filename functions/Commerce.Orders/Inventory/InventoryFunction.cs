using Commerce.Cart.Auth;
using Commerce.Orders.Domain;

namespace Commerce.Orders.Inventory;

/// <summary>
/// GET /api/inventory/{sku} (staff: the admin app role, see <see cref="AdminAccess"/>; anyone else the 404 of no route): the SKU's stock document as stored, per warehouse on hand and reserved plus
/// the holds behind the reserved units, for operators and the simulator's end-of-run reconciliation.
/// </summary>
public sealed class InventoryFunction(InventoryService inventory, AdminAccess staff)
{
    const int MaxSkuLength = 100;

    [Function(nameof(GetInventory))]
    [OpenApiOperation("GetInventory", "A SKU's stock per warehouse, with its holds (staff)")]
    [OpenApiSecurity(OpenApiCaller.Staff)]
    [OpenApiResponse(StatusCodes.Status200OK, typeof(StockDocument))]
    [OpenApiProblem(StatusCodes.Status404NotFound, "not-found", "inventory-not-found")]
    public async Task<IActionResult> GetInventory(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "inventory/{sku}")] HttpRequest request,
        string sku,
        CancellationToken cancellationToken)
    {
        if (await staff.RefuseUnlessStaffAsync(request, cancellationToken) is { } refused)
        {
            return refused;
        }

        var stock = sku.Length is > 0 and <= MaxSkuLength ? await inventory.GetAsync(sku, cancellationToken) : null;
        return stock is null
            ? Problems.NotFound("inventory-not-found", "No stock is recorded for this SKU.", $"There is no inventory for '{sku}'.")
            : new OkObjectResult(stock);
    }
}
