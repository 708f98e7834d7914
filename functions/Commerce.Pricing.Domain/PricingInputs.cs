using System.Text.RegularExpressions;
using Commerce.Contracts;

namespace Commerce.Pricing.Domain;

/// <summary>A SKU's costs as an admin sends them: ISO 4217 code → minor units.</summary>
public sealed record CostsInput(IReadOnlyDictionary<string, long>? Costs);

/// <summary>A guardrail as an admin sends it (basis points; ceilings per currency); <see cref="Mode"/> only for a category.</summary>
public sealed record GuardrailInput(long? MinMarginBasisPoints, IReadOnlyDictionary<string, long>? Ceilings, long? MaxDailyChangeBasisPoints, ApprovalMode? Mode = null);

/// <summary>A proposed price for one currency, with the reason recorded in the history.</summary>
public sealed record ProposalInput(string? Currency, long? Price, string? Reason);

/// <summary>Validation of what admins send; errors in the shape of validation problem details.</summary>
public static partial class PricingInputs
{
    public const long MaxPriceMinor = 100_000_000_000;
    public const long MaxBasisPoints = 100_000;

    public static bool IsSku(string? sku) => sku is not null && SkuPattern().IsMatch(sku);

    public static bool IsCategoryId(string? id) => id is not null && CategoryPattern().IsMatch(id);

    public static bool IsProposalId(string? id) => id is not null && ProposalIdPattern().IsMatch(id);

    /// <summary>Currency → minor units, upper-cased; errors under <paramref name="field"/>.</summary>
    public static Dictionary<string, long> Amounts(IReadOnlyDictionary<string, long>? amounts, string field, Dictionary<string, string[]> errors, bool required)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        if (amounts is null || amounts.Count == 0)
        {
            if (required)
            {
                errors[field] = ["At least one amount (ISO 4217 code → minor units) is required."];
            }

            return result;
        }

        foreach (var (code, minor) in amounts)
        {
            var upper = code.Trim().ToUpperInvariant();
            if (!Currencies.IsSupported(upper))
            {
                errors[$"{field}.{code}"] = [$"'{code}' is not a supported ISO 4217 currency."];
            }
            else if (minor is < 0 or > MaxPriceMinor)
            {
                errors[$"{field}.{code}"] = [$"An amount is 0-{MaxPriceMinor} minor units."];
            }
            else
            {
                result[upper] = minor;
            }
        }

        return result;
    }

    public static Guardrail? ToGuardrail(GuardrailInput? input, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (input is null)
        {
            errors["body"] = ["A guardrail object is required."];
            return null;
        }

        if (input.MinMarginBasisPoints is < 0 or > MaxBasisPoints)
        {
            errors["minMarginBasisPoints"] = [$"A minimum margin is 0-{MaxBasisPoints} basis points."];
        }

        if (input.MaxDailyChangeBasisPoints is < 1 or > 10_000)
        {
            errors["maxDailyChangeBasisPoints"] = ["A daily change limit is 1-10000 basis points."];
        }

        var ceilings = Amounts(input.Ceilings, "ceilings", errors, required: false);
        return new Guardrail
        {
            MinMarginBasisPoints = input.MinMarginBasisPoints ?? 0,
            Ceilings = ceilings,
            MaxDailyChangeBasisPoints = input.MaxDailyChangeBasisPoints,
        };
    }

    public static (string Currency, long Price, string Reason)? ToProposal(ProposalInput? input, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var currency = input?.Currency?.Trim().ToUpperInvariant();
        if (!Currencies.IsSupported(currency))
        {
            errors["currency"] = ["A supported ISO 4217 currency is required."];
        }

        if (input?.Price is not ({ } price and > 0 and <= MaxPriceMinor))
        {
            errors["price"] = [$"A price is 1-{MaxPriceMinor} minor units."];
            price = 0;
        }

        var reason = input?.Reason?.Trim();
        if (string.IsNullOrEmpty(reason) || reason.Length > 500)
        {
            errors["reason"] = ["A reason of 1-500 characters is required."];
        }

        return errors.Count == 0 ? (currency!, price, reason!) : null;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex SkuPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CategoryPattern();

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex ProposalIdPattern();
}
