#:package Parquet.Net@6.1.0
#:property ManagePackageVersionsCentrally=false
// Derives data/online-retail-prices.csv.gz from a Parquet copy of the UCI Online Retail data set (CC BY 4.0; see
// tests/Commerce.Recommendations.Evaluation/README.md for the copy and its cross-check):
//   dotnet run tests/Commerce.Pricing.UnitTests/tools/derive-online-retail-prices.cs -- online_retail.parquet out.csv.gz
// Keeps the purchase lines the recommendations' file keeps (a customer id, a positive quantity, an invoice not starting
// with C, a stock code starting with five digits) that have a positive unit price, and writes one row per product and
// day (UTC date of the invoice): units sold, purchase lines, and the mean unit price paid (revenue / units, in pence).
// Only products sold on at least 60 distinct days are kept (the file stays small; rarely sold products say nothing of
// price response).
using System.Globalization;
using System.IO.Compression;
using Parquet;

const int MinDays = 60;
var (input, output) = (args[0], args[1]);
await using var stream = File.OpenRead(input);
await using var reader = await ParquetReader.CreateAsync(stream);
using var group = reader.OpenRowGroupReader(0);
var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name);
var rowCount = (int)group.RowCount;
async Task<string?[]> Text(string name) { var values = new string?[rowCount]; await group.ReadAsync(fields[name], values.AsMemory()!); return values; }
async Task<T?[]> Values<T>(string name) where T : struct { var values = new T?[rowCount]; await group.ReadAsync(fields[name], values.AsMemory()); return values; }
var invoices = await Text("InvoiceNo");
var codes = await Text("StockCode");
var quantities = await Values<long>("Quantity");
var dates = await Values<DateTime>("InvoiceDate");
var customers = await Values<double>("CustomerID");
var prices = await Values<double>("UnitPrice");
Console.WriteLine($"rows {invoices.Length}, invoice dates {dates.Min():u} .. {dates.Max():u}, customers {customers.Where(c => c is not null).Distinct().Count()}");
var days = new Dictionary<(string Code, DateOnly Day), (long Units, int Lines, double Revenue)>();
for (var i = 0; i < invoices.Length; i++)
{
    var code = codes[i]?.ToUpperInvariant() ?? "";
    var invoice = invoices[i] ?? "";
    var isProduct = code.Length >= 5 && code.Take(5).All(char.IsAsciiDigit);
    if (customers[i] is not null && quantities[i] is > 0 and { } quantity && dates[i] is { } at && prices[i] is > 0 and { } price && !invoice.StartsWith('C') && isProduct)
    {
        var key = (code, DateOnly.FromDateTime(at));
        var seen = days.GetValueOrDefault(key);
        days[key] = (seen.Units + quantity, seen.Lines + 1, seen.Revenue + (quantity * price));
    }
}

var kept = days.GroupBy(d => d.Key.Code).Where(g => g.Count() >= MinDays).SelectMany(g => g).OrderBy(d => d.Key.Day).ThenBy(d => d.Key.Code, StringComparer.Ordinal).ToList();
using var file = File.Create(output);
using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
using var writer = new StreamWriter(gzip);
writer.WriteLine("product,day,units,lines,price");
foreach (var ((code, day), (units, lines, revenue)) in kept)
    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{code},{day:yyyy-MM-dd},{units},{lines},{100 * revenue / units:F2}"));
Console.WriteLine($"kept {kept.Count} product-days of {kept.Select(r => r.Key.Code).Distinct().Count()} products, {kept.Select(r => r.Key.Day).Distinct().Count()} trading days, {kept.Sum(r => r.Value.Units)} units");
