using System.Text.Json;
using Commerce.Catalog.Domain;
using Commerce.Primitives;
using Lucene.Net.Documents;
using Lucene.Net.Util;

namespace Commerce.Catalog.Search.Lucene;

/// <summary>How a product is laid out in the index: analyzed text, lower-cased filter terms and doc values for facets and sorting.</summary>
internal static class LuceneFields
{
    public const string Id = "id";
    public const string Name = "name";
    public const string NameStored = "name_s";
    public const string Text = "text";
    public const string Stored = "hit";
    public const string Created = "created";
    public const string Brand = "brand";
    public const string Category = "category";
    public const string Color = "color";
    public const string Size = "size";

    public static string Price(string currency) => "price_" + currency;

    public static string Facet(string field) => field + "_dv";

    public static Document ToDocument(Product product)
    {
        var colors = product.OptionValues("color");
        var sizes = product.OptionValues("size");
        var prices = product.PriceFrom();
        var document = new Document
        {
            new StringField(Id, product.Id, Field.Store.YES),
            new TextField(Name, product.Name, Field.Store.NO),
            new StoredField(NameStored, product.Name),
            new TextField(Text, string.Join(' ', [product.Name, product.Brand, product.Description, .. colors, .. product.Attributes.Values]), Field.Store.NO),
            new NumericDocValuesField(Created, product.CreatedAt.UtcTicks),
            new StringField(Brand, product.Brand.ToLowerInvariant(), Field.Store.NO),
            new SortedSetDocValuesField(Facet(Brand), new BytesRef(product.Brand)),
            new StoredField(Stored, JsonSerializer.Serialize(new StoredHit(product.Id, product.Name, product.Slug, product.Brand, product.CategoryId, prices, product.Images.Count > 0 ? product.Images[0].Url : null), CommerceJson.Options)),
        };
        AddValues(document, Category, product.CategoryPath, lowerCase: false);
        AddValues(document, Color, colors, lowerCase: true);
        AddValues(document, Size, sizes, lowerCase: true);
        foreach (var (currency, minor) in prices)
        {
            document.Add(new NumericDocValuesField(Price(currency), minor));
        }

        return document;
    }

    static void AddValues(Document document, string field, IEnumerable<string> values, bool lowerCase)
    {
        foreach (var value in values.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            document.Add(new StringField(field, lowerCase ? value.ToLowerInvariant() : value, Field.Store.NO));
            document.Add(new SortedSetDocValuesField(Facet(field), new BytesRef(value)));
        }
    }
}
