namespace Commerce.Pricing.Domain;

public enum PricingOutcome
{
    Ok,
    Created,
    Invalid,
    NotFound,
    Refused,

    /// <summary>Someone else decided first (<see cref="PricingConflicts"/>): the refusal names which conflict; nothing changed.</summary>
    Conflict,
}

/// <summary>Stable names of the conflicts a price decision can meet (the problem type names them; 409).</summary>
public static class PricingConflicts
{
    /// <summary>The proposal is no longer pending: applied (perhaps by a concurrent approver) or superseded.</summary>
    public const string ProposalNotPending = "proposal-not-pending";

    /// <summary>Another change of the SKU was decided at the same time; the proposal stays pending.</summary>
    public const string PriceChanged = "price-changed-concurrently";
}

/// <summary>What a pricing operation did, for the trigger to map to a response; a refusal names the guardrail rule.</summary>
public sealed record PricingResult<T>(PricingOutcome Outcome, T? Value = default, IDictionary<string, string[]>? Errors = null, string? Detail = null, PriceRefusal? Refusal = null)
{
    public static PricingResult<T> Ok(T value) => new(PricingOutcome.Ok, value);

    public static PricingResult<T> Created(T value) => new(PricingOutcome.Created, value);

    public static PricingResult<T> Invalid(string field, string message) => new(PricingOutcome.Invalid, Errors: new Dictionary<string, string[]> { [field] = [message] });

    public static PricingResult<T> Invalid(IDictionary<string, string[]> errors) => new(PricingOutcome.Invalid, Errors: errors);

    public static PricingResult<T> NotFound(string detail) => new(PricingOutcome.NotFound, Detail: detail);

    public static PricingResult<T> Refused(PriceRefusal refusal) => new(PricingOutcome.Refused, Refusal: refusal);

    public static PricingResult<T> Conflict(PriceRefusal conflict) => new(PricingOutcome.Conflict, Refusal: conflict);
}
