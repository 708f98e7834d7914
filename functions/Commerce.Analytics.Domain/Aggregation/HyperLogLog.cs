using System.Numerics;

namespace Commerce.Analytics.Domain.Aggregation;

/// <summary>
/// HyperLogLog distinct counting over <see cref="Registers"/> (2^<see cref="Precision"/> one-byte registers) with
/// linear counting for small cardinalities. Standard error 1.04/√2048 ≈ 2.3%; below ~5,000 distinct values linear
/// counting is used and is usually exact to within one or two. Sketches merge by taking the register-wise maximum, so
/// minute windows roll up into hours and days without storing session ids.
/// </summary>
public static class HyperLogLog
{
    public const int Precision = 11;
    public const int RegisterCount = 1 << Precision;
    public const double StandardError = 1.04 / 45.254833995939045; // 1.04 / sqrt(2048)

    public static void Add(ref byte[]? registers, ulong hash)
    {
        registers ??= new byte[RegisterCount];
        var index = (int)(hash >> (64 - Precision));
        var rank = (byte)(BitOperations.LeadingZeroCount((hash << Precision) | (1UL << (Precision - 1))) + 1);
        if (registers[index] < rank)
        {
            registers[index] = rank;
        }
    }

    public static void Merge(ref byte[]? target, byte[]? source)
    {
        if (source is null)
        {
            return;
        }

        target ??= new byte[RegisterCount];
        for (var i = 0; i < RegisterCount; i++)
        {
            if (target[i] < source[i])
            {
                target[i] = source[i];
            }
        }
    }

    public static long Estimate(byte[]? registers)
    {
        if (registers is null)
        {
            return 0;
        }

        double sum = 0;
        var zeros = 0;
        foreach (var register in registers)
        {
            sum += Math.ScaleB(1.0, -register);
            if (register == 0)
            {
                zeros++;
            }
        }

        const double m = RegisterCount;
        var alpha = 0.7213 / (1 + (1.079 / m));
        var estimate = alpha * m * m / sum;
        if (estimate <= 2.5 * m && zeros > 0)
        {
            estimate = m * Math.Log(m / zeros);
        }

        return (long)Math.Round(estimate);
    }
}
