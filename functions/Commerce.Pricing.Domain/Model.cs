namespace Commerce.Pricing.Domain;

/// <summary>
/// Limits a price must stay within, for one SKU or a whole category. Fractions are basis points (1/10,000), so no
/// floating point touches a price: a 20 % minimum margin is 2,000.
/// </summary>
public sealed record Guardrail
{
    /// <summary>Floor = cost × (1 + this/10,000), rounded up to the minor unit; 0 when unset (never below cost).</summary>
    public long MinMarginBasisPoints { get; init; }

    /// <summary>Highest unit price per currency, in minor units; a currency not listed has no ceiling.</summary>
    public IReadOnlyDictionary<string, long> Ceilings { get; init; } = new Dictionary<string, long>();

    /// <summary>Largest move away from the price the day (UTC) started at, in basis points; null for no daily limit.</summary>
    public long? MaxDailyChangeBasisPoints { get; init; }
}

/// <summary>What happens to a proposal in a category: it waits for an admin, or it is applied at once (guardrails still hold).</summary>
public enum ApprovalMode
{
    Approval,
    Automatic,
}

/// <summary>A category's guardrail and approval mode: container <see cref="PricingContainers.Categories"/>, id = the category id, one partition (<see cref="PricingContainers.CategoriesPartition"/>: the pricing run lists them).</summary>
public sealed record CategoryPricing
{
    public required string CategoryId { get; init; }

    public required Guardrail Guardrail { get; init; }

    public ApprovalMode Mode { get; init; }

    public required string UpdatedBy { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>
/// What pricing knows of one SKU: its unit cost per currency (minor units) and, optionally, a guardrail that replaces
/// its category's: container <see cref="PricingContainers.Skus"/>, id and partition key = the SKU.
/// </summary>
public sealed record SkuPricing
{
    public required string Sku { get; init; }

    public IReadOnlyDictionary<string, long> Costs { get; init; } = new Dictionary<string, long>();

    public Guardrail? Guardrail { get; init; }

    /// <summary>The category the SKU is listed under in <see cref="PricingContainers.CategorySkus"/> (see <see cref="CategoryIndex"/>).</summary>
    public string? CategoryId { get; init; }

    public required string UpdatedBy { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

public enum ProposalStatus
{
    Pending,
    Applied,
    Refused,

    /// <summary>A later pricing run proposed again for the SKU and currency; <see cref="PriceProposal.Outcome"/> names the newer proposal.</summary>
    Superseded,
}

/// <summary>A proposed price for one SKU in one currency: container <see cref="PricingContainers.Proposals"/>, partition key = the SKU.</summary>
public sealed record PriceProposal
{
    public required string Id { get; init; }

    public required string Sku { get; init; }

    public required string Currency { get; init; }

    public required long Price { get; init; }

    public required string Reason { get; init; }

    /// <summary>Who proposed it: a staff member's id, or <c>pricing-run</c>.</summary>
    public required string ProposedBy { get; init; }

    public DateTimeOffset ProposedAt { get; init; }

    public ProposalStatus Status { get; init; }

    public string? DecidedBy { get; init; }

    public DateTimeOffset? DecidedAt { get; init; }

    /// <summary>The change that applied it, the rule that refused it at approval, or the proposal that superseded it.</summary>
    public string? Outcome { get; init; }
}

/// <summary>
/// One applied price change, never rewritten: container <see cref="PricingContainers.Changes"/>, partition key = the SKU.
/// </summary>
public sealed record PriceChange
{
    public required string Id { get; init; }

    public required string Sku { get; init; }

    public required string Currency { get; init; }

    public required long OldPrice { get; init; }

    public required long NewPrice { get; init; }

    public required string Reason { get; init; }

    /// <summary>Who or what changed it: the approving staff member, or <c>pricing-run</c> in automatic mode.</summary>
    public required string ChangedBy { get; init; }

    public string? ProposalId { get; init; }

    public DateTimeOffset At { get; init; }
}

/// <summary>
/// The latest price one competitor was seen asking for a SKU: container <see cref="PricingContainers.CompetitorPrices"/>,
/// partition key = the SKU, id = the competitor.
/// </summary>
public sealed record CompetitorPrice
{
    public required string Sku { get; init; }

    public required string Competitor { get; init; }

    public required long Price { get; init; }

    public required string Currency { get; init; }

    public DateTimeOffset ObservedAt { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>An entry of <see cref="PricingContainers.CategorySkus"/>.</summary>
public sealed record CategorySku(string Sku, string CategoryId);

/// <summary>The document containers the pricing context owns (and the only ones it writes, with <see cref="Commerce.Contracts.AppliedPrice.Container"/>).</summary>
public static class PricingContainers
{
    public const string Skus = "pricing-skus";
    public const string Categories = "pricing-categories";
    public const string CategoriesPartition = "categories";

    /// <summary>The SKUs pricing holds a cost or guardrail for, by category (partition key = category id, id = SKU): what a pricing run walks.</summary>
    public const string CategorySkus = "pricing-category-skus";
    public const string Proposals = "price-proposals";
    public const string Changes = "price-changes";
    public const string CompetitorPrices = "competitor-prices";

    /// <summary>The categories' price-response models (<see cref="PriceResponseModel"/>), one partition (<see cref="ModelsPartition"/>), id = the category.</summary>
    public const string Models = "price-models";
    public const string ModelsPartition = "models";

    /// <summary>A/B price experiments (<see cref="PriceExperiment"/>), one partition (<see cref="ExperimentsPartition"/>); their target claims; their per-variant totals.</summary>
    public const string Experiments = "price-experiments";
    public const string ExperimentsPartition = "experiments";
    public const string ExperimentClaims = "price-experiment-claims";
    public const string ExperimentTotals = "price-experiment-totals";

    /// <summary>The shoppers counted in an experiment (<see cref="ExperimentVisitor"/>): partition = the experiment, id = a hash of the shopper.</summary>
    public const string ExperimentVisitors = "price-experiment-visitors";
}
