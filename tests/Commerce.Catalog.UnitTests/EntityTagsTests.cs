using Commerce.ServiceDefaults;
using Microsoft.Extensions.Primitives;

namespace Commerce.Catalog.UnitTests;

/// <summary>The one entity tag helper every app answers and reads ETags with (it lives in ServiceDefaults; the catalog was its first user).</summary>
public sealed class EntityTagsTests
{
    [Theory]
    [InlineData("\"0a1b-2c\"", "\"0a1b-2c\"")] // SQLite, Cosmos DB: quoted already
    [InlineData("0a1b-2c", "\"0a1b-2c\"")] // the Cosmos DB server from npm: a bare GUID
    [InlineData("a b\"c", "\"YSBiImM\"")] // not tag text: its bytes in base64url
    [InlineData("W/\"x\"", "\"Vy8ieCI\"")] // a store version is never weak
    public void A_store_version_of_any_form_becomes_one_strong_entity_tag(string version, string expected)
    {
        Assert.Equal(expected, EntityTags.Of(version));
        Assert.Equal(expected, EntityTags.Of(EntityTags.Of(version)));
    }

    [Fact]
    public void If_match_is_a_list_over_every_field_line_with_strong_comparison()
    {
        var condition = EntityTagCondition.Parse(new StringValues(["\"a\", W/\"b\"", " \"c\" "]));

        Assert.Equal("\"a\", W/\"b\", \"c\"", condition.Value);
        Assert.Equal((true, false, true, false), (condition.Allows("a"), condition.Allows("b"), condition.Allows("\"c\""), condition.Allows("d")));
        Assert.True(condition.MatchesWeakly("b"));
        Assert.False(condition.Allows(null));
    }

    [Fact]
    public void Star_matches_any_current_version_but_not_a_missing_document()
    {
        var star = EntityTagCondition.Parse("*");

        Assert.True(star.IsAny);
        Assert.True(star.Allows("anything"));
        Assert.False(star.Allows(null));
        Assert.True(star.MatchesWeakly("anything"));
    }

    [Theory]
    [InlineData("a1b2")]
    [InlineData("\"unterminated")]
    [InlineData("\"a\" junk")]
    public void A_malformed_header_names_no_version_so_if_match_fails(string header)
    {
        var condition = EntityTagCondition.Parse(header);

        Assert.True(condition.IsPresent);
        Assert.False(condition.Allows("a1b2"));
        Assert.False(condition.MatchesWeakly("a1b2"));
    }

    [Fact]
    public void An_absent_or_blank_header_is_no_precondition()
    {
        Assert.True(EntityTagCondition.Parse(StringValues.Empty).Allows(null));
        Assert.False(EntityTagCondition.Parse("  ").IsPresent);
        Assert.False(EntityTagCondition.Parse((string?)null).MatchesWeakly("a"));
    }
}
