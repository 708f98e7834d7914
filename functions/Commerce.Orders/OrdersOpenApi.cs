using Commerce.Orders.Domain;

namespace Commerce.Orders;

/// <summary>
/// An order's route (<see cref="Ordering.OrderFunctions"/>): its buyer (Order-Token), the owning customer's bearer token
/// or staff; anyone else gets the 404 of an order that does not exist.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OrderAccessAttribute : Attribute, IOpenApiConvention
{
    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.AddSecurity(OpenApiCaller.OrderHolder);
        operation.AddSecurity(OpenApiCaller.Customer);
        operation.AddSecurity(OpenApiCaller.Staff);
        new OpenApiHeaderAttribute(OpenApiHeader.OrderToken).Apply(operation);
        new OpenApiParameterAttribute("orderId", OpenApiIn.Path) { Pattern = "^ord_[0-9a-f]{1,60}$" }.Apply(operation);
        operation.AddResponse(StatusCodes.Status200OK, typeof(Ordering.OrderView), "application/json", null, ["Retry-After"]); // while the checkout runs
        operation.AddProblem(StatusCodes.Status404NotFound, "order-not-found");
    }
}

/// <summary>This app's OpenAPI document (`GET /api/openapi/v1.json`), built from its functions.</summary>
public sealed class OrdersOpenApiDocument
{
    [Function(nameof(OrdersOpenApiDocument))]
    [OpenApiDocumentOperation]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ServedOpenApiDocument.Route)] HttpRequest request) => ServedOpenApiDocument.Of(OrdersRegistration.AppName, GetType().Assembly).Respond(request);
}
