using System.Globalization;
using System.Text.RegularExpressions;

namespace Commerce.Documents;

/// <summary>What every adapter accepts in a <see cref="DocumentQuery"/>, checked the same way everywhere.</summary>
public static partial class DocumentQueryRules
{
    /// <summary>Largest page an adapter returns.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>Checks a top-level property name (letters, digits, underscore; not starting with a digit) and returns it.</summary>
    public static string PropertyName(string name, string parameterName)
    {
        if (string.IsNullOrEmpty(name) || !PropertyNamePattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a queryable property name: use a top-level camelCase property (letters, digits, underscore).",
                parameterName);
        }

        return name;
    }

    /// <summary>
    /// Normalizes a filter value to null, string, bool, long or double (the JSON scalar kinds);
    /// throws for anything else.
    /// </summary>
    public static object? FilterValue(string property, object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b,
        byte or sbyte or short or ushort or int or uint or long => Convert.ToInt64(value, CultureInfo.InvariantCulture),
        ulong u when u <= long.MaxValue => (long)u,
        float or double or decimal => Convert.ToDouble(value, CultureInfo.InvariantCulture),
        Guid g => g.ToString(),
        _ => throw new ArgumentException(
            $"Filter on '{property}' has a value of type {value.GetType().Name}; use a string, number, boolean or null.",
            nameof(value)),
    };

    /// <summary>Checks the page size is within 1..<see cref="MaxPageSize"/>.</summary>
    public static int PageSize(int pageSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1, nameof(DocumentQuery.PageSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize, nameof(DocumentQuery.PageSize));
        return pageSize;
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex PropertyNamePattern();
}
