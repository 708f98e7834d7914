using Commerce.Cart.Auth;

namespace Commerce.Pricing;

/// <summary>The pricing routes' shared pieces: the staff gate (with who the staff member is) and result → response mapping.</summary>
public sealed class PricingHttp(AdminAccess staff, ICustomerTokenValidator tokens)
{
    public const int MaxBodyBytes = 16 * 1024;

    /// <summary>Who sent a request the staff gate let through: the admin token's subject, or <c>staff-key</c> for the local key.</summary>
    public async Task<(IActionResult? Refused, string By)> StaffAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await staff.RefuseUnlessStaffAsync(request, cancellationToken) is { } refused)
        {
            return (refused, string.Empty);
        }

        if (staff.HoldsAdminKey(request))
        {
            return (null, "staff-key");
        }

        var result = await tokens.ValidateAsync(request.Headers.Authorization.ToString(), cancellationToken);
        return (null, result.CustomerId ?? "staff");
    }

    /// <summary>Staff only: acts as the staff member and maps the result (<see cref="ToResponse{T}"/>).</summary>
    public async Task<IActionResult> AsStaffAsync<T>(HttpRequest request, Func<string, Task<PricingResult<T>>> act, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(act);
        var (refused, by) = await StaffAsync(request, cancellationToken);
        return refused ?? ToResponse(await act(by));
    }

    /// <summary>Staff only; reads the JSON body (its problem when malformed or too large), acts as the staff member and maps the result with <paramref name="respond"/>.</summary>
    public async Task<IActionResult> WithBodyAsync<T, TResult>(HttpRequest request, Func<T?, string, Task<PricingResult<TResult>>> act, Func<PricingResult<TResult>, IActionResult> respond, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(act);
        ArgumentNullException.ThrowIfNull(respond);
        var (refused, by) = await StaffAsync(request, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var body = await RequestBodies.ReadJsonAsync<T>(request, MaxBodyBytes, cancellationToken);
        return body.Problem is { } problem ? problem.ToResult() : respond(await act(body.Value, by));
    }

    public static IActionResult ToResponse<T>(PricingResult<T> result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result.Outcome switch
        {
            PricingOutcome.Ok => new OkObjectResult(result.Value),
            PricingOutcome.Created => new ObjectResult(result.Value) { StatusCode = StatusCodes.Status201Created },
            PricingOutcome.Invalid => Problems.Validation(result.Errors!),
            PricingOutcome.NotFound => Problems.NotFound("pricing-not-found", "Not found.", result.Detail),
            PricingOutcome.Conflict => Problems.Result(StatusCodes.Status409Conflict, result.Refusal!.Rule, "Another decision came first; nothing changed.", result.Refusal.Detail),
            _ => result.Refusal!.Rule == GuardrailRules.InCheckout
                ? Problems.Result(StatusCodes.Status409Conflict, result.Refusal.Rule, "The SKU is in a shopper's checkout.", result.Refusal.Detail, Rule(result.Refusal))
                : Problems.Result(StatusCodes.Status422UnprocessableEntity, "price-" + result.Refusal.Rule, "The price breaks a guardrail.", result.Refusal.Detail, Rule(result.Refusal)),
        };
    }

    static Dictionary<string, object?> Rule(PriceRefusal refusal) => new() { ["rule"] = refusal.Rule };
}
