using Commerce.Catalog.Domain;

namespace Commerce.Catalog.UnitTests;

public sealed class SearchQueryParserTests
{
    static Validated<ProductSearchQuery> Parse(params (string Name, string Value)[] parameters)
        => SearchQueryParser.Parse(name => parameters.Where(p => p.Name == name).Select(p => p.Value).FirstOrDefault());

    [Fact]
    public void Parses_every_parameter()
    {
        var query = Parse(("q", "merino"), ("category", "knitwear"), ("brand", "Northwind"), ("color", "navy"), ("size", "M"), ("minPrice", "1000"), ("maxPrice", "9000"), ("currency", "eur"), ("sort", "price_desc"), ("page", "2"), ("pageSize", "10"));

        Assert.True(query.IsValid);
        Assert.Equal(new ProductSearchQuery { Text = "merino", Category = "knitwear", Brand = "Northwind", Color = "navy", Size = "M", MinPrice = 1000, MaxPrice = 9000, Currency = "EUR", Sort = SearchSort.PriceDesc, Page = 2, PageSize = 10 }, query.Value);
    }

    [Theory]
    [InlineData("sort", "cheapest")]
    [InlineData("currency", "XYZ")]
    [InlineData("minPrice", "-1")]
    [InlineData("minPrice", "12.5")]
    [InlineData("maxPrice", "lots")]
    [InlineData("page", "0")]
    [InlineData("page", "99999999999999999999")]
    [InlineData("pageSize", "1000")]
    public void A_malformed_parameter_is_a_validation_error_on_it(string name, string value)
    {
        var query = Parse((name, value));

        Assert.False(query.IsValid);
        Assert.Contains(name, query.Errors!.Keys);
    }

    [Fact]
    public void A_min_price_above_the_max_price_is_well_formed_but_breaks_the_price_range_rule()
        => Assert.Equal("price-range", SearchQueryParser.BrokenRule(Parse(("minPrice", "500"), ("maxPrice", "100")).Value!)?.Type);
}
