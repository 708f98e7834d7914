using System.Globalization;
using System.IO.Compression;
using Commerce.Recommendations.Interactions;

namespace Commerce.Recommendations.Evaluation;

/// <summary>
/// Reads a purchase log for offline evaluation: gzip'd CSV with the header <c>customer,product,time,quantity</c>, one
/// invoice line a row (time <c>yyyy-MM-ddTHH:mm</c>, UTC), in time order. Every line is a purchase interaction.
/// </summary>
public static class PurchaseLog
{
    /// <summary>The interactions of <paramref name="gzipCsv"/> in file order; at most <paramref name="maxRows"/> when given.</summary>
    public static List<Interaction> Read(Stream gzipCsv, int? maxRows = null)
    {
        using var reader = new StreamReader(new GZipStream(gzipCsv, CompressionMode.Decompress, leaveOpen: true));
        var header = reader.ReadLine();
        if (header != "customer,product,time,quantity")
        {
            throw new InvalidDataException($"Unexpected purchase log header '{header}'.");
        }

        var interactions = new List<Interaction>();
        var names = new Dictionary<string, string>(StringComparer.Ordinal); // One string instance per id.
        while (reader.ReadLine() is { } line && (maxRows is null || interactions.Count < maxRows))
        {
            var fields = line.Split(',');
            var at = DateTimeOffset.ParseExact(fields[2], "yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            interactions.Add(new Interaction(Intern(names, fields[0]), Intern(names, fields[1]), InteractionKind.Purchase, at));
        }

        return interactions;
    }

    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    public static List<Interaction> Read(string path, int? maxRows = null)
    {
        using var file = File.OpenRead(path);
        return Read(file, maxRows);
    }

    private static string Intern(Dictionary<string, string> names, string value) =>
        names.TryGetValue(value, out var known) ? known : names[value] = value;
}
