using System.Globalization;

namespace Commerce.Primitives;

/// <summary>
/// The one reading of an integer query parameter, for every route that has one: absent is no value; present, it is
/// exactly one integer within the bounds. An empty value (<c>?pageSize=</c>) or a repeated parameter
/// (<c>?n=5&amp;n=abc</c>) is malformed, never read as absent or first-wins.
/// </summary>
public static class QueryNumber
{
    /// <summary>False when <paramref name="values"/> (every value the query string gives the parameter) is not one integer within [<paramref name="min"/>, <paramref name="max"/>]; <paramref name="value"/> is null when there are none.</summary>
    public static bool TryRead(IReadOnlyList<string?> values, long min, long max, out long? value)
    {
        ArgumentNullException.ThrowIfNull(values);
        value = null;
        if (values.Count == 0)
        {
            return true;
        }

        if (values.Count == 1 && long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            value = number;
            return true;
        }

        return false;
    }

    /// <summary>What the parameter must be, for the validation problem's <c>errors</c>.</summary>
    public static string Rule(long min, long max) => string.Create(CultureInfo.InvariantCulture, $"One integer from {min} to {max}, given once.");
}
