using Commerce.Primitives;

namespace Commerce.Catalog.UnitTests;

/// <summary>
/// The one entity tag helper and precondition parser (RFC 9110 §8.8.3, §13.1.1–2) every layer uses; it lives in
/// Commerce.Primitives, the catalog was its first user.
/// </summary>
public sealed class EntityTagsTests
{
    [Theory]
    [InlineData("\"0a1b-2c\"", "\"0a1b-2c\"")] // SQLite, Cosmos DB: quoted already
    [InlineData("0a1b-2c", "\"0a1b-2c\"")] // the Cosmos DB server from npm: a bare GUID
    [InlineData("a b\"c", "\"YSBiImM\"")] // not tag text: its bytes in base64url
    [InlineData("W/\"x\"", "\"Vy8ieCI\"")] // a store version is never weak
    [InlineData("caf\u00e9", "\"Y2Fmw6k\"")] // obs-text is left out: the platform's tags stay ASCII
    public void A_store_version_of_any_form_becomes_one_strong_entity_tag(string version, string expected)
    {
        Assert.Equal(expected, EntityTags.Of(version));
        Assert.Equal(expected, EntityTags.Of(EntityTags.Of(version)));
    }

    [Fact]
    public void If_match_is_a_list_over_every_field_line_with_strong_comparison()
    {
        var condition = EntityTagCondition.ParseFieldLines(["\"a\", W/\"b\"", " \"c\" "]);

        Assert.Equal("\"a\", W/\"b\", \"c\"", condition.Value);
        Assert.Equal([new EntityTag("\"a\"", false), new EntityTag("\"b\"", true), new EntityTag("\"c\"", false)], condition.Tags);
        Assert.Equal((true, false, true, false), (condition.Allows("a"), condition.Allows("b"), condition.Allows("\"c\""), condition.Allows("d")));
        Assert.True(condition.MatchesWeakly("b"));
        Assert.False(condition.Allows(null));
    }

    [Theory]
    [InlineData("\"a\",\"b\"")]
    [InlineData(" , \"a\" ,, \t\"b\"\t, ")] // optional whitespace and empty list elements (RFC 9110 §5.6.1)
    public void Commas_spaces_tabs_and_empty_elements_separate_the_listed_tags(string header)
    {
        var condition = EntityTagCondition.Parse(header);

        Assert.Equal(["\"a\"", "\"b\""], condition.Tags.Select(t => t.Tag));
        Assert.True(condition.Allows("b"));
    }

    [Theory]
    [InlineData("\"\"", "\"\"")] // an empty opaque tag is a tag
    [InlineData("\"!#~\"", "\"!#~\"")] // the ends of etagc's ASCII ranges
    [InlineData("W/\"caf\u00e9\"", "\"caf\u00e9\"")] // obs-text, as a header's Latin-1 byte
    public void Any_tag_text_rfc_9110_allows_is_read(string header, string tag)
    {
        Assert.Equal(tag, Assert.Single(EntityTagCondition.Parse(header).Tags).Tag);
    }

    [Fact]
    public void Star_matches_any_current_version_but_not_a_missing_document()
    {
        var star = EntityTagCondition.Parse("*");

        Assert.True(star.IsAny);
        Assert.True(star.Allows("anything"));
        Assert.False(star.Allows(null));
        Assert.True(star.MatchesWeakly("anything"));
        Assert.True(EntityTagCondition.ParseFieldLines([" * ", " "]).IsAny);
    }

    [Theory]
    [InlineData("a1b2")] // unquoted
    [InlineData("\"a1b2")] // unterminated
    [InlineData("\"a1b2\" junk")] // text after a tag
    [InlineData("\"a1b2\"\"x\"")] // two tags without a comma
    [InlineData("w/\"a1b2\"")] // W/ is case-sensitive
    [InlineData("W/ \"a1b2\"")] // nothing between W/ and the tag
    [InlineData("W/")]
    [InlineData("\"a1b2\", *")] // * is the whole header or nothing
    [InlineData("*, \"a1b2\"")]
    [InlineData("\"a1\\\"b2\"")] // no escapes: a tag is not a quoted-string
    [InlineData("\"a1 b2\"")] // no spaces inside a tag
    [InlineData("\"a1\u0001b2\"")] // no controls
    [InlineData("\"a1\u0100b2\"")] // nothing beyond Latin-1
    public void A_malformed_header_names_no_version_so_if_match_fails_and_if_none_match_does_not_match(string header)
    {
        var condition = EntityTagCondition.Parse(header);

        Assert.True(condition.IsPresent);
        Assert.False(condition.IsAny);
        Assert.Empty(condition.Tags);
        Assert.False(condition.Allows("a1b2"));
        Assert.False(condition.MatchesWeakly("a1b2"));
        Assert.Equal(header.Trim(), condition.Value);
    }

    [Fact]
    public void An_absent_or_blank_header_is_no_precondition()
    {
        Assert.True(EntityTagCondition.ParseFieldLines([]).Allows(null));
        Assert.False(EntityTagCondition.Parse("  ").IsPresent);
        Assert.False(EntityTagCondition.ParseFieldLines([null, "\t"]).IsPresent);
        Assert.False(EntityTagCondition.Parse(null).MatchesWeakly("a"));
        Assert.Same(EntityTagCondition.None, EntityTagCondition.Parse(null));
    }
}
