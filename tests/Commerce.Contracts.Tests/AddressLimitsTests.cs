namespace Commerce.Contracts.Tests;

public sealed class AddressLimitsTests
{
    static Dictionary<string, string[]> Address(string? name = "Ada", string? line1 = "1 Main St", string? line2 = null, string? city = "Springfield", string? region = "IL", string? postalCode = "62701", string? country = "US")
    {
        var errors = new Dictionary<string, string[]>();
        AddressLimits.CheckAddress(errors, "shippingAddress.", name, line1, line2, city, region, postalCode, country);
        return errors;
    }

    [Fact]
    public void An_address_at_every_limit_has_no_errors()
        => Assert.Empty(Address(new string('n', 200), new string('l', 200), new string('l', 200), new string('c', 100), new string('r', 100), new string('9', 20), "gb"));

    [Fact]
    public void Each_field_over_its_limit_is_an_error_under_its_own_name()
    {
        var errors = Address(new string('n', 201), new string('l', 201), new string('l', 201), new string('c', 101), new string('r', 101), new string('9', 21), "GBR");

        Assert.Equal(
            ["shippingAddress.city", "shippingAddress.country", "shippingAddress.line1", "shippingAddress.line2", "shippingAddress.name", "shippingAddress.postalCode", "shippingAddress.region"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("U")]
    [InlineData("1A")]
    [InlineData("ÜS")]
    public void A_country_must_be_two_ascii_letters(string? country)
        => Assert.Contains("shippingAddress.country", Address(country: country).Keys);

    [Fact]
    public void A_destination_needs_only_its_country()
    {
        var errors = new Dictionary<string, string[]>();
        AddressLimits.CheckDestination(errors, string.Empty, "de", null, null);

        Assert.Empty(errors);
    }
}
