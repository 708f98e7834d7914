using System.Globalization;
using System.IO.Compression;
using Commerce.Replenishment.Domain;

namespace Commerce.Replenishment.Evaluation;

/// <summary>
/// Daily demand of the UCI Online Retail purchase log (CC BY 4.0; the derived file
/// <c>customer,product,time,quantity</c> the recommendations evaluation keeps): units sold per product per calendar day
/// (UTC), zeros on days without sales, for the <c>top</c> products sold on the most days (then by units): the products a
/// retailer replenishes regularly. Ranking by units alone would pick one-off bulk orders, such as the 80,995 and 74,215
/// unit lines that the source cancelled at once (the derived file keeps purchases, not their cancellations). One
/// location ("uk"), no promotion calendar.
/// </summary>
public static class OnlineRetailDemand
{
    public static string DefaultPath => Path.Combine(AppContext.BaseDirectory, "data", "online-retail.csv.gz");

    public static IReadOnlyList<DemandSeries> Read(string path, int top)
    {
        using var file = File.OpenRead(path);
        using var reader = new StreamReader(new GZipStream(file, CompressionMode.Decompress));
        if (reader.ReadLine() != "customer,product,time,quantity")
        {
            throw new InvalidDataException("Unexpected header: expected customer,product,time,quantity.");
        }

        var byProduct = new Dictionary<string, Dictionary<DateOnly, float>>(StringComparer.Ordinal);
        var first = DateOnly.MaxValue;
        var last = DateOnly.MinValue;
        while (reader.ReadLine() is { } line)
        {
            var fields = line.Split(',');
            var day = DateOnly.ParseExact(fields[2].AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var quantity = float.Parse(fields[3], CultureInfo.InvariantCulture);
            if (!byProduct.TryGetValue(fields[1], out var days))
            {
                byProduct[fields[1]] = days = [];
            }

            days[day] = days.GetValueOrDefault(day) + quantity;
            first = day < first ? day : first;
            last = day > last ? day : last;
        }

        var length = last.DayNumber - first.DayNumber + 1;
        return [.. byProduct
            .OrderByDescending(p => p.Value.Count)
            .ThenByDescending(p => p.Value.Values.Sum())
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .Take(top)
            .Select(p =>
            {
                var quantities = new float[length];
                foreach (var (day, quantity) in p.Value)
                {
                    quantities[day.DayNumber - first.DayNumber] = quantity;
                }

                return DemandSeries.WithoutPromotions(p.Key, "uk", first, quantities);
            })];
    }
}
