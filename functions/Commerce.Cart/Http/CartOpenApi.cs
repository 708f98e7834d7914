namespace Commerce.Cart.Http;

/// <summary>
/// Who may use a cart, as the document says it (<see cref="CartHttp.AuthorizeAsync"/>): a guest cart's X-Cart-Token or
/// its customer's bearer token; anyone else gets the 404 of a cart that does not exist, an invalid bearer token 401.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CartAccessAttribute : Attribute, IOpenApiConvention
{
    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        operation.AddSecurity(OpenApiCaller.CartHolder);
        operation.AddSecurity(OpenApiCaller.Customer);
        new OpenApiHeaderAttribute(OpenApiHeader.CartToken).Apply(operation);
        new OpenApiParameterAttribute("id", OpenApiIn.Path) { Pattern = "^[A-Za-z0-9_-]{1,64}$", Description = "The cart id." }.Apply(operation);
        operation.AddProblem(StatusCodes.Status401Unauthorized, "unauthorized");
        operation.AddProblem(StatusCodes.Status404NotFound, CartProblems.CartNotFound);
    }
}

/// <summary>
/// A change to a cart (<see cref="CartHttp.MutateAsync"/>): the cart's access, its ETag in If-Match (missing: 428;
/// stale: 412 with the current cart), the body of <see cref="Body"/> if any, and the re-priced cart with its new ETag.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class CartChangeAttribute(Type? body = null) : Attribute, IOpenApiConvention
{
    public Type? Body { get; } = body;

    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        new CartAccessAttribute().Apply(operation);
        new OpenApiHeaderAttribute(OpenApiHeader.IfMatch) { Required = true }.Apply(operation);
        if (Body is not null)
        {
            new OpenApiRequestBodyAttribute(Body, CartHttp.MaxBodyBytes).Apply(operation);
        }

        operation.AddResponse(StatusCodes.Status200OK, typeof(CartView), "application/json", "The re-priced cart.", ["ETag"]);
        operation.AddProblem(StatusCodes.Status428PreconditionRequired, "cart/if-match-required");
        operation.AddProblem(StatusCodes.Status412PreconditionFailed, "cart/stale");
        operation.AddLink(StatusCodes.Status200OK, "Checkout", "Checkout", [], "Check the cart out: its id (and token) in the body, its ETag in If-Match.");
    }
}
