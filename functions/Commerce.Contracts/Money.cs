using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json.Serialization;

namespace Commerce.Contracts;

/// <summary>
/// An amount of money: an integer count of the currency's minor units (cents for USD, yen for JPY) and an ISO 4217
/// code. No floating point: fractions only appear in <see cref="Percent"/>, and they are rounded there, once.
/// </summary>
/// <remarks>
/// Rounding rule (the one place it is stated): a fractional minor unit rounds half away from zero
/// (<see cref="MidpointRounding.AwayFromZero"/>), applied per calculation on an exact integer intermediate.
/// </remarks>
/// <remarks>
/// On the wire every amount of every app is this one shape, <c>{"minor": 7340, "currency": "USD"}</c>: both required,
/// nothing computed (<see cref="IsZero"/> and <see cref="IsNegative"/> are not written).
/// </remarks>
public readonly record struct Money([property: JsonRequired] long Minor, [property: JsonRequired] string Currency) : IComparable<Money>
{
    public static Money Zero(string currency) => new(0, Currencies.Normalize(currency));

    public static Money Of(long minor, string currency) => new(minor, Currencies.Normalize(currency));

    [JsonIgnore]
    public bool IsZero => Minor == 0;

    [JsonIgnore]
    public bool IsNegative => Minor < 0;

    public static Money operator +(Money a, Money b) => new(checked(a.Minor + b.Minor), Same(a, b));

    public static Money operator -(Money a, Money b) => new(checked(a.Minor - b.Minor), Same(a, b));

    public static Money operator -(Money a) => a with { Minor = checked(-a.Minor) };

    public static Money operator *(Money a, long quantity) => a with { Minor = checked(a.Minor * quantity) };

    public static bool operator <(Money a, Money b) => a.CompareTo(b) < 0;

    public static bool operator >(Money a, Money b) => a.CompareTo(b) > 0;

    public static bool operator <=(Money a, Money b) => a.CompareTo(b) <= 0;

    public static bool operator >=(Money a, Money b) => a.CompareTo(b) >= 0;

    public int CompareTo(Money other)
    {
        Same(this, other);
        return Minor.CompareTo(other.Minor);
    }

    public static Money Min(Money a, Money b) => a <= b ? a : b;

    public static Money Max(Money a, Money b) => a >= b ? a : b;

    /// <summary><paramref name="basisPoints"/>/10,000 of this amount (1,250 = 12.5 %), rounded half away from zero.</summary>
    public Money Percent(long basisPoints) => this with { Minor = RoundedDivide(checked(Minor * basisPoints), 10_000) };

    /// <summary>This amount × <paramref name="numerator"/> / <paramref name="denominator"/>, rounded half away from zero.</summary>
    public Money Scale(long numerator, long denominator) => this with { Minor = RoundedDivide(checked(Minor * numerator), denominator) };

    /// <summary>
    /// Splits this amount over <paramref name="weights"/> in proportion, exactly: the parts always sum to the whole
    /// (remainders go to the largest fractional parts first, ties to the earlier weight).
    /// </summary>
    public Money[] Allocate(IReadOnlyList<long> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var total = weights.Sum();
        if (weights.Count == 0 || total <= 0 || weights.Any(w => w < 0))
        {
            throw new ArgumentException("Weights must be non-negative with a positive sum.", nameof(weights));
        }

        var parts = new long[weights.Count];
        var remainders = new (long Remainder, int Index)[weights.Count];
        long allocated = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var product = (Int128)Minor * weights[i];
            parts[i] = (long)(product / total);
            remainders[i] = ((long)(product % total), i);
            allocated += parts[i];
        }

        var left = Minor - allocated;
        var step = Math.Sign(left);
        foreach (var (_, index) in remainders.OrderByDescending(r => Math.Abs(r.Remainder)).ThenBy(r => r.Index))
        {
            if (left == 0)
            {
                break;
            }

            parts[index] += step;
            left -= step;
        }

        var currency = Currency;
        return parts.Select(p => new Money(p, currency)).ToArray();
    }

    /// <summary>Invariant display, e.g. <c>12.50 EUR</c> or <c>1200 JPY</c>.</summary>
    public override string ToString()
    {
        var exponent = Currencies.MinorUnits(Currency);
        if (exponent == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{Minor} {Currency}");
        }

        var scale = (long)Math.Pow(10, exponent);
        var sign = Minor < 0 ? "-" : string.Empty;
        var abs = Math.Abs(Minor);
        return string.Create(CultureInfo.InvariantCulture, $"{sign}{abs / scale}.{(abs % scale).ToString(new string('0', exponent), CultureInfo.InvariantCulture)} {Currency}");
    }

    /// <summary><paramref name="value"/>/<paramref name="divisor"/> rounded half away from zero (the platform's one rounding rule).</summary>
    public static long RoundedDivide(long value, long divisor)
    {
        if (divisor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(divisor), "Divisor must be positive.");
        }

        var quotient = Math.DivRem(value, divisor, out var remainder);
        var magnitude = Math.Abs(remainder); // < divisor, so never long.MinValue
        if (magnitude >= divisor - magnitude) // |remainder| × 2 ≥ divisor, without overflowing for divisors past long.MaxValue / 2
        {
            quotient += Math.Sign(value);
        }

        return quotient;
    }

    static string Same(Money a, Money b) => string.Equals(a.Currency, b.Currency, StringComparison.Ordinal)
        ? a.Currency
        : throw new InvalidOperationException($"Cannot combine {a.Currency} with {b.Currency}.");
}

/// <summary>ISO 4217 currencies the platform prices in, with their minor-unit exponents.</summary>
public static class Currencies
{
    static readonly FrozenDictionary<string, int> Exponents = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["USD"] = 2, ["EUR"] = 2, ["GBP"] = 2, ["CHF"] = 2, ["SEK"] = 2, ["NOK"] = 2, ["DKK"] = 2, ["PLN"] = 2,
        ["CZK"] = 2, ["CAD"] = 2, ["AUD"] = 2, ["NZD"] = 2, ["JPY"] = 0, ["KRW"] = 0, ["CNY"] = 2, ["INR"] = 2,
        ["BRL"] = 2, ["MXN"] = 2, ["SGD"] = 2, ["HKD"] = 2, ["ZAR"] = 2, ["AED"] = 2, ["BHD"] = 3, ["KWD"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static IEnumerable<string> Supported => Exponents.Keys;

    public static bool IsSupported(string? code) => code is not null && Exponents.ContainsKey(code);

    public static int MinorUnits(string code) => Exponents.TryGetValue(code, out var e) ? e : throw new ArgumentException($"Unsupported currency '{code}'.", nameof(code));

    /// <summary>Upper-cased supported code, or an <see cref="ArgumentException"/>.</summary>
    public static string Normalize(string code)
    {
        var upper = code?.Trim().ToUpperInvariant();
        return IsSupported(upper) ? upper! : throw new ArgumentException($"Unsupported currency '{code}'.", nameof(code));
    }
}
