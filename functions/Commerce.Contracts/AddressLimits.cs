namespace Commerce.Contracts;

/// <summary>
/// The limits of every address field, the same for a cart's shipping destination and a checkout's shipping address:
/// names and lines at most 200 characters, city and region 100, postal code 20, the country an ISO 3166-1 alpha-2 code.
/// Each broken limit is an error under the field's name (with <c>prefix</c>), for a 400 validation problem.
/// </summary>
public static class AddressLimits
{
    public const int Name = 200;
    public const int Line = 200;
    public const int City = 100;
    public const int Region = 100;
    public const int PostalCode = 20;

    /// <summary>A full shipping address: name, first line, city, postal code and country required; second line and region optional.</summary>
    public static void CheckAddress(IDictionary<string, string[]> errors, string prefix, string? name, string? line1, string? line2, string? city, string? region, string? postalCode, string? country)
    {
        Check(errors, prefix + "name", name, Name, required: true);
        Check(errors, prefix + "line1", line1, Line, required: true);
        Check(errors, prefix + "line2", line2, Line, required: false);
        Check(errors, prefix + "city", city, City, required: true);
        CheckDestination(errors, prefix, country, region, postalCode, postalCodeRequired: true);
    }

    /// <summary>Where a cart ships: the country required, region and postal code optional unless <paramref name="postalCodeRequired"/>.</summary>
    public static void CheckDestination(IDictionary<string, string[]> errors, string prefix, string? country, string? region, string? postalCode, bool postalCodeRequired = false)
    {
        ArgumentNullException.ThrowIfNull(errors);
        Check(errors, prefix + "region", region, Region, required: false);
        Check(errors, prefix + "postalCode", postalCode, PostalCode, postalCodeRequired);
        var field = prefix + "country";
        if (string.IsNullOrWhiteSpace(country))
        {
            errors[field] = [$"{field} is required."];
        }
        else if (!IsCountryCode(country.Trim()))
        {
            errors[field] = [$"{field} must be a two-letter ISO 3166-1 country code."];
        }
    }

    public static bool IsCountryCode(string? value) => value is { Length: 2 } && char.IsAsciiLetter(value[0]) && char.IsAsciiLetter(value[1]);

    static void Check(IDictionary<string, string[]> errors, string field, string? value, int max, bool required)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors[field] = [$"{field} is required."];
            }
        }
        else if (value.Trim().Length > max)
        {
            errors[field] = [$"{field} must be at most {max} characters."];
        }
    }
}
