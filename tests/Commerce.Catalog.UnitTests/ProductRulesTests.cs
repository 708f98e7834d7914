using Commerce.Catalog.Domain;

namespace Commerce.Catalog.UnitTests;

public sealed class ProductRulesTests
{
    static readonly string[] Path = ["clothing", "knitwear"];
    static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_valid_input_builds_a_product_with_a_derived_slug_and_upper_case_currencies()
    {
        var input = Samples.Input("p1", name: "Crème Merino Crew Neck") with
        {
            Variants = [new VariantInput { Sku = "P1-M", Prices = new Dictionary<string, long> { ["usd"] = 1999 } }],
        };

        var built = ProductRules.Build(input, "p1", Path, Now, previous: null);

        Assert.True(built.IsValid);
        Assert.Equal("creme-merino-crew-neck", built.Value!.Slug);
        Assert.Equal(1999, built.Value.Variants[0].Prices["USD"]);
        Assert.Equal(Path, built.Value.CategoryPath);
    }

    public static TheoryData<string, Func<ProductInput, ProductInput>> Breakages() => new()
    {
        { "name", i => i with { Name = " " } },
        { "brand", i => i with { Brand = null } },
        { "slug", i => i with { Slug = "Not A Slug" } },
        { "variants", i => i with { Variants = [] } },
        { "variants[0].sku", i => i with { Variants = [i.Variants![0] with { Sku = "bad sku!" }] } },
        { "variants[1].sku", i => i with { Variants = [i.Variants![0], i.Variants[0]] } },
        { "variants[0].prices", i => i with { Variants = [i.Variants![0] with { Prices = new Dictionary<string, long>() }] } },
        { "variants[0].prices.XXX", i => i with { Variants = [i.Variants![0] with { Prices = new Dictionary<string, long> { ["XXX"] = 1 } }] } },
        { "variants[0].prices.USD", i => i with { Variants = [i.Variants![0] with { Prices = new Dictionary<string, long> { ["USD"] = -1 } }] } },
        { "variants[0].weightGrams", i => i with { Variants = [i.Variants![0] with { WeightGrams = -5 }] } },
        { "status", i => i with { Status = (ProductStatus)42 } },
        { "images[0].url", i => i with { Images = [new ProductImage("not a url", "image/png")] } },
        { "attributes", i => i with { Attributes = new Dictionary<string, string> { ["fit"] = null! } } },
    };

    [Theory]
    [MemberData(nameof(Breakages))]
    public void An_invalid_input_names_the_field_at_fault(string field, Func<ProductInput, ProductInput> breakage)
    {
        var built = ProductRules.Build(breakage(Samples.Input("p1")), "p1", Path, Now, previous: null);

        Assert.False(built.IsValid);
        Assert.Contains(field, built.Errors!.Keys);
    }

    [Fact]
    public void An_unknown_category_is_an_error_on_the_category()
    {
        var built = ProductRules.Build(Samples.Input("p1"), "p1", [], Now, previous: null);

        Assert.Contains("categoryId", built.Errors!.Keys);
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("-leading")]
    [InlineData("with space")]
    [InlineData("")]
    public void Ids_are_lower_case_url_safe(string id) => Assert.False(ProductRules.IsId(id));
}
