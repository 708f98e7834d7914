#:package Parquet.Net@6.1.0
#:property ManagePackageVersionsCentrally=false
// Derives data/online-retail.csv.gz from a Parquet copy of the UCI Online Retail data set (CC BY 4.0; see ../README.md):
//   dotnet run tests/Commerce.Recommendations.Evaluation/tools/derive-online-retail.cs -- online_retail.parquet out.csv.gz
// Prints the source's row count, invoice date range and customer count (to check against the published 541,909 rows,
// 2010-12-01 08:26 .. 2011-12-09 12:50, 4,372 customers), then keeps the purchase lines: a customer id, a positive
// quantity, an invoice not starting with C (cancellations), a stock code starting with five digits (a product).
using System.Globalization;
using System.IO.Compression;
using Parquet;
using Parquet.Schema;

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
Console.WriteLine($"rows {invoices.Length}, invoice dates {dates.Min():u} .. {dates.Max():u}, customers {customers.Where(c => c is not null).Distinct().Count()}");
var kept = new List<(DateTime At, long Customer, string Code, long Quantity)>();
for (var i = 0; i < invoices.Length; i++)
{
    var code = codes[i]?.ToUpperInvariant() ?? "";
    var invoice = invoices[i] ?? "";
    var isProduct = code.Length >= 5 && code.Take(5).All(char.IsAsciiDigit);
    if (customers[i] is { } customer && quantities[i] is > 0 and { } quantity && dates[i] is { } at && !invoice.StartsWith('C') && isProduct)
        kept.Add((at, (long)customer, code, quantity));
}
kept.Sort();
using var file = File.Create(output);
using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
using var writer = new StreamWriter(gzip);
writer.WriteLine("customer,product,time,quantity");
foreach (var row in kept)
    writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Customer},{row.Code},{row.At:yyyy-MM-ddTHH:mm},{row.Quantity}"));
Console.WriteLine($"kept {kept.Count} purchase lines of {kept.Select(r => r.Customer).Distinct().Count()} customers and {kept.Select(r => r.Code).Distinct().Count()} products");
