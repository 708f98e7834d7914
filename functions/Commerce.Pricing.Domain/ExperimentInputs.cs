using System.Text.RegularExpressions;

namespace Commerce.Pricing.Domain;

/// <summary>Validation of an experiment definition; errors in the shape of validation problem details.</summary>
public static partial class ExperimentInputs
{
    public const int MaxVariants = 5;
    public const int MaxTargets = 500;

    public static bool IsId(string? id) => PricingInputs.IsProposalId(id);

    public static PriceExperiment? ToExperiment(ExperimentInput? input, string by, DateTimeOffset now, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var name = input?.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > 200)
        {
            errors["name"] = ["A name of 1-200 characters is required."];
        }

        var variants = Variants(input?.Variants, errors);
        var skus = (input?.Skus ?? []).Distinct(StringComparer.Ordinal).ToArray();
        var categories = (input?.Categories ?? []).Distinct(StringComparer.Ordinal).ToArray();
        if (skus.Length + categories.Length is 0 or > MaxTargets)
        {
            errors["targets"] = [$"1-{MaxTargets} target SKUs and categories are required."];
        }

        if (skus.FirstOrDefault(s => !PricingInputs.IsSku(s)) is { } badSku)
        {
            errors["skus"] = [$"'{badSku}' is not a SKU."];
        }

        if (categories.FirstOrDefault(c => !PricingInputs.IsCategoryId(c)) is { } badCategory)
        {
            errors["categories"] = [$"'{badCategory}' is not a category id."];
        }

        var start = input?.StartAt ?? now;
        if (input?.StopAt is { } stop && stop <= start)
        {
            errors["stopAt"] = ["The stop is after the start."];
        }

        return errors.Count > 0 ? null : new PriceExperiment
        {
            Id = Guid.NewGuid().ToString("N"),
            Name = name!,
            Variants = variants,
            Skus = skus,
            Categories = categories,
            StartAt = start,
            StopAt = input?.StopAt,
            CreatedBy = by,
            CreatedAt = now,
        };
    }

    static ExperimentVariant[] Variants(IReadOnlyList<ExperimentVariantInput>? inputs, Dictionary<string, string[]> errors)
    {
        if (inputs is not { Count: >= 2 and <= MaxVariants })
        {
            errors["variants"] = [$"2-{MaxVariants} variants are required (the first is the control)."];
            return [];
        }

        var variants = inputs.Select(v => new ExperimentVariant(v.Name?.Trim() ?? string.Empty, v.MultiplierBasisPoints ?? 10_000, v.Weight ?? 0)).ToArray();
        if (variants.Any(v => !NamePattern().IsMatch(v.Name)) || variants.Select(v => v.Name).Distinct(StringComparer.Ordinal).Count() != variants.Length)
        {
            errors["variants.name"] = ["Variant names are distinct, 1-32 letters, digits, '_' or '-'."];
        }

        if (variants.Any(v => v.MultiplierBasisPoints is < 5_000 or > 20_000))
        {
            errors["variants.multiplierBasisPoints"] = ["A multiplier is 5000-20000 basis points (0.5-2 × the current price)."];
        }

        if (variants.Any(v => v.Weight < 1) || variants.Sum(v => v.Weight) != 100)
        {
            errors["variants.weight"] = ["Weights are whole percentages of the traffic, each at least 1, adding up to 100."];
        }

        return variants;
    }

    [GeneratedRegex("^[A-Za-z0-9_-]{1,32}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
