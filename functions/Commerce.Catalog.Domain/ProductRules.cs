using System.Text;
using System.Text.RegularExpressions;
using Commerce.Contracts;

namespace Commerce.Catalog.Domain;

/// <summary>Validation of admin input and the derivation of the stored product from it: one place, every write path.</summary>
public static partial class ProductRules
{
    public const int MaxVariants = 100;
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 10_000;
    public const long MaxPriceMinor = 1_000_000_000_000;

    /// <summary>Checks <paramref name="input"/>; on success builds the product (slug derived from the name when absent).</summary>
    public static Validated<Product> Build(ProductInput input, string id, IReadOnlyList<string> categoryPath, DateTimeOffset now, Product? previous)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Errors();
        if (!IsId(id))
        {
            errors.Add("id", "An id is 1-64 lower-case letters, digits or '-', starting with a letter or digit.");
        }

        var name = input.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors.Add("name", $"A name is required (at most {MaxNameLength} characters).");
        }

        var slug = string.IsNullOrWhiteSpace(input.Slug) ? Slugify(name ?? id) : input.Slug.Trim();
        if (!IsSlug(slug))
        {
            errors.Add("slug", "A slug is 1-100 lower-case letters or digits separated by single '-'.");
        }

        var brand = input.Brand?.Trim();
        if (string.IsNullOrEmpty(brand) || brand.Length > 100)
        {
            errors.Add("brand", "A brand is required (at most 100 characters).");
        }

        if (string.IsNullOrWhiteSpace(input.CategoryId))
        {
            errors.Add("categoryId", "A category is required.");
        }
        else if (categoryPath.Count == 0)
        {
            errors.Add("categoryId", $"Category '{input.CategoryId}' does not exist.");
        }

        if ((input.Description?.Length ?? 0) > MaxDescriptionLength)
        {
            errors.Add("description", $"At most {MaxDescriptionLength} characters.");
        }

        if (input.Attributes is { Count: > 50 } || input.Attributes?.Any(a => string.IsNullOrWhiteSpace(a.Key) || a.Value is null || a.Value.Length > 500) == true)
        {
            errors.Add("attributes", "At most 50 attributes, each a name and a text value (≤500 characters).");
        }

        if (input.Status is { } status && !Enum.IsDefined(status))
        {
            errors.Add("status", "Status is draft, active or archived.");
        }

        var variants = Variants(input.Variants, errors);
        foreach (var (image, index) in (input.Images ?? []).Select((image, index) => (image, index)))
        {
            if (image is null || string.IsNullOrWhiteSpace(image.Url) || !(image.Url.StartsWith('/') || Uri.TryCreate(image.Url, UriKind.Absolute, out _)))
            {
                errors.Add($"images[{index}].url", "An image URL is absolute or starts with '/'.");
            }
        }

        if (errors.Any)
        {
            return Validated<Product>.Invalid(errors.ToDictionary());
        }

        return Validated<Product>.Valid(new Product
        {
            Id = id,
            Name = name!,
            Slug = slug,
            Description = input.Description?.Trim() ?? string.Empty,
            Brand = brand!,
            CategoryId = input.CategoryId!.Trim(),
            CategoryPath = categoryPath,
            Status = input.Status ?? ProductStatus.Draft,
            Attributes = input.Attributes ?? new Dictionary<string, string>(),
            Variants = variants,
            Images = input.Images ?? previous?.Images ?? [],
            CreatedAt = previous?.CreatedAt ?? now,
            UpdatedAt = now,
        });
    }

    /// <summary>The admin input that would produce <paramref name="product"/> again (the base a merge patch applies to).</summary>
    public static ProductInput ToInput(Product product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return new ProductInput
        {
            Id = product.Id,
            Name = product.Name,
            Slug = product.Slug,
            Description = product.Description,
            Brand = product.Brand,
            CategoryId = product.CategoryId,
            Status = product.Status,
            Attributes = product.Attributes,
            Images = product.Images,
            Variants = product.Variants.Select(v => new VariantInput { Sku = v.Sku, Options = v.Options, Prices = v.Prices, WeightGrams = v.WeightGrams, TaxClass = v.TaxClass }).ToArray(),
        };
    }

    public static bool IsId(string? id) => id is not null && IdPattern().IsMatch(id) && !ReservedIds.Contains(id);

    /// <summary>Words of the staff routes beside <c>admin/products/{id}</c>: never ids.</summary>
    public static IReadOnlySet<string> ReservedIds { get; } = new HashSet<string>(StringComparer.Ordinal) { "import" };

    public static bool IsSlug(string? slug) => slug is { Length: <= 100 } && SlugPattern().IsMatch(slug);

    /// <summary>Lower-case ASCII letters and digits joined by single dashes, e.g. "Merino Crew Neck" → "merino-crew-neck".</summary>
    public static string Slugify(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // The process runs with invariant globalization (no Unicode normalization), so Latin diacritics fold by table.
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            var folded = char.IsAsciiLetterOrDigit(c) ? c.ToString() : Fold(c);
            if (folded is not null)
            {
                builder.Append(folded);
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
        }

        var slug = builder.ToString().Trim('-');
        return slug.Length > 100 ? slug[..100].TrimEnd('-') : slug;
    }

    static string? Fold(char c)
    {
        foreach (var (letters, ascii) in Folds)
        {
            if (letters.Contains(c, StringComparison.Ordinal))
            {
                return ascii;
            }
        }

        return null;
    }

    static readonly (string Letters, string Ascii)[] Folds =
    [
        ("àáâãäåā", "a"), ("æ", "ae"), ("çčć", "c"), ("èéêëē", "e"), ("ìíîïī", "i"), ("ñń", "n"), ("òóôõöøō", "o"),
        ("œ", "oe"), ("ß", "ss"), ("šś", "s"), ("ùúûüū", "u"), ("ýÿ", "y"), ("žźż", "z"), ("ł", "l"),
    ];

    static List<ProductVariant> Variants(IReadOnlyList<VariantInput>? inputs, Errors errors)
    {
        var variants = new List<ProductVariant>();
        if (inputs is null || inputs.Count == 0 || inputs.Count > MaxVariants)
        {
            errors.Add("variants", $"A product has 1-{MaxVariants} variants.");
            return variants;
        }

        var skus = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var at = $"variants[{i}]";
            if (input is null)
            {
                errors.Add(at, "A variant is an object.");
                continue;
            }

            if (input.Sku is null || !SkuPattern().IsMatch(input.Sku))
            {
                errors.Add($"{at}.sku", "A SKU is 1-64 letters, digits, '.', '_' or '-'.");
            }
            else if (!skus.Add(input.Sku))
            {
                errors.Add($"{at}.sku", $"SKU '{input.Sku}' appears twice.");
            }

            var prices = new Dictionary<string, long>(StringComparer.Ordinal);
            if (input.Prices is null || input.Prices.Count == 0)
            {
                errors.Add($"{at}.prices", "At least one price (ISO 4217 code → minor units) is required.");
            }
            else
            {
                foreach (var (code, minor) in input.Prices)
                {
                    var upper = code.Trim().ToUpperInvariant();
                    if (!Currencies.IsSupported(upper))
                    {
                        errors.Add($"{at}.prices.{code}", $"'{code}' is not a supported ISO 4217 currency.");
                    }
                    else if (minor is < 0 or > MaxPriceMinor)
                    {
                        errors.Add($"{at}.prices.{code}", $"A price is 0-{MaxPriceMinor} minor units.");
                    }
                    else
                    {
                        prices[upper] = minor;
                    }
                }
            }

            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, value) in input.Options ?? new Dictionary<string, string>())
            {
                if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(value) || key.Length > 40 || value.Length > 60)
                {
                    errors.Add($"{at}.options", "Option names (≤40) and values (≤60) are non-empty.");
                    break;
                }

                options[key.Trim().ToLowerInvariant()] = value.Trim();
            }

            if (input.WeightGrams is < 0 or > 1_000_000)
            {
                errors.Add($"{at}.weightGrams", "Weight is 0-1,000,000 grams.");
            }

            variants.Add(new ProductVariant
            {
                Sku = input.Sku ?? string.Empty,
                Options = options,
                Prices = prices,
                WeightGrams = input.WeightGrams ?? 0,
                TaxClass = string.IsNullOrWhiteSpace(input.TaxClass) ? "standard" : input.TaxClass.Trim(),
            });
        }

        return variants;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$", RegexOptions.CultureInvariant)]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex SkuPattern();
}

/// <summary>Field → messages, in the shape of validation problem details.</summary>
public sealed class Errors
{
    readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>A value, or the validation errors that prevented it.</summary>
public sealed record Validated<T>(T? Value, IDictionary<string, string[]>? Errors)
{
    public bool IsValid => Errors is null;

    public static Validated<T> Valid(T value) => new(value, null);

    public static Validated<T> Invalid(IDictionary<string, string[]> errors) => new(default, errors);
}
