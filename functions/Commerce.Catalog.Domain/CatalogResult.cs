namespace Commerce.Catalog.Domain;

public enum CatalogOutcome
{
    Ok,
    Created,
    Invalid,
    BreaksRule,
    NotFound,
    Conflict,
    PreconditionFailed,
}

/// <summary>What a catalog operation did, for the trigger to map to a response.</summary>
public sealed record CatalogResult<T>(CatalogOutcome Outcome, T? Value = default, string? ETag = null, IDictionary<string, string[]>? Errors = null, string? Detail = null, string? Rule = null)
{
    /// <summary>Well formed, but breaks the rule <paramref name="rule"/> (a problem type) that no schema expresses.</summary>
    public static CatalogResult<T> BreaksRule(string rule, string detail) => new(CatalogOutcome.BreaksRule, Detail: detail, Rule: rule);

    public static CatalogResult<T> Invalid(IDictionary<string, string[]> errors) => new(CatalogOutcome.Invalid, Errors: errors);

    public static CatalogResult<T> Invalid(string field, string message) => Invalid(new Dictionary<string, string[]> { [field] = [message] });

    public static CatalogResult<T> NotFound(string detail) => new(CatalogOutcome.NotFound, Detail: detail);

    public static CatalogResult<T> Conflict(string detail) => new(CatalogOutcome.Conflict, Detail: detail);

    public static CatalogResult<T> PreconditionFailed(string detail) => new(CatalogOutcome.PreconditionFailed, Detail: detail);
}
