namespace Commerce.Pricing;

/// <summary>
/// A back-office pricing route as the document says it (<see cref="PricingHttp.StaffAsync"/>): staff only, anyone else the
/// 404 of no route; an unknown SKU or proposal is <c>pricing-not-found</c>; with a body, its validation problem.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PricingStaffAttribute(Type? body = null) : Attribute, IOpenApiConvention
{
    public Type? Body { get; } = body;

    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        new OpenApiStaffOnlyAttribute().Apply(operation);
        operation.AddProblem(StatusCodes.Status404NotFound, "pricing-not-found");
        if (Body is not null)
        {
            new OpenApiRequestBodyAttribute(Body, PricingHttp.MaxBodyBytes).Apply(operation);
            operation.AddProblem(StatusCodes.Status400BadRequest, "validation");
        }
    }
}

/// <summary>
/// An experiment route as the document says it: <see cref="PricingStaffAttribute"/> (with its body, if any), and the
/// validation problem of a malformed experiment id or body.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PriceExperimentRouteAttribute(Type? body = null) : Attribute, IOpenApiConvention
{
    public Type? Body { get; } = body;

    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        new PricingStaffAttribute(Body).Apply(operation);
        operation.AddProblem(StatusCodes.Status400BadRequest, "validation");
    }
}

/// <summary>A price decision (<see cref="PricingHttp.ToResponse{T}"/>): 409 while a checkout holds the SKU or when another decision came first, 422 naming the guardrail it breaks.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class PriceGuardrailsAttribute : Attribute, IOpenApiConvention
{
    public void Apply(OpenApiOperationContext operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        foreach (var conflict in new[] { GuardrailRules.InCheckout, PricingConflicts.ProposalNotPending, PricingConflicts.PriceChanged })
        {
            operation.AddProblem(StatusCodes.Status409Conflict, conflict);
        }

        foreach (var rule in new[] { GuardrailRules.NoGuardrail, GuardrailRules.NoCost, GuardrailRules.BelowFloor, GuardrailRules.AboveCeiling, GuardrailRules.DailyChange })
        {
            operation.AddProblem(StatusCodes.Status422UnprocessableEntity, "price-" + rule);
        }
    }
}
