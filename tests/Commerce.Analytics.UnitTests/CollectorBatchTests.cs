using System.Globalization;
using System.Text;
using Commerce.Analytics.Domain;
using Commerce.Analytics.Domain.Events;
using static Commerce.Analytics.UnitTests.TestEvents;

namespace Commerce.Analytics.UnitTests;

public sealed class CollectorBatchTests
{
    readonly StorefrontEventValidator validator = new(Options, Clock());

    static string At(DateTimeOffset t) => t.ToString("O", CultureInfo.InvariantCulture);

    static string Valid(string id, string type = "page_view", string extra = "") =>
        $$"""{"id":"{{id}}","type":"{{type}}","sessionId":"s1","timestamp":"{{At(Now)}}"{{extra}}}""";

    CollectorBatch Parse(params string[] events) => CollectorBatch.Parse(Encoding.UTF8.GetBytes($$"""{"events":[{{string.Join(',', events)}}]}"""), validator);

    [Fact]
    public void A_batch_with_some_invalid_events_accepts_the_valid_ones_and_lists_each_rejected_id_with_its_reason()
    {
        var batch = Parse(
            Valid("ok-1"),
            Valid("bad-type", "teleport"),
            Valid("ok-2", "search", ""","query":"boots","resultCount":0"""),
            Valid("no-product", "product_view"),
            $$"""{"id":"future","type":"page_view","sessionId":"s1","timestamp":"{{At(Now.AddHours(1))}}"}""");

        Assert.Null(batch.BatchError);
        Assert.Equal(["ok-1", "ok-2"], batch.Accepted.Select(e => e.Id));
        Assert.Collection(
            batch.Rejected,
            r => Assert.Equal((1, "bad-type", "unknown type 'teleport'"), (r.Index, r.Id, r.Reason)),
            r => Assert.Equal((3, "no-product"), (r.Index, r.Id)),
            r => Assert.Equal((4, "future", "timestamp is too far in the future"), (r.Index, r.Id, r.Reason)));
        Assert.Contains("productId", batch.Rejected[1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_purchase_from_a_client_refuses_the_whole_batch_naming_the_purchase()
    {
        var batch = Parse(
            Valid("view-1"),
            Valid("forged", "purchase", ""","orderId":"o1","value":999999,"currency":"EUR","productId":"sku-1" """),
            Valid("view-2"));

        Assert.Empty(batch.Accepted);
        var refused = Assert.Single(batch.Rejected);
        Assert.Equal((1, "forged"), (refused.Index, refused.Id));
        Assert.Contains("platform only", refused.Reason, StringComparison.Ordinal);
        Assert.Contains("'forged'", batch.BatchError, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("search", "", "query")]
    [InlineData("search", ",\"query\":\"x\"", "resultCount")]
    [InlineData("add_to_cart", "", "productId")]
    [InlineData("remove_from_cart", "", "productId")]
    public void Each_type_requires_its_own_fields(string type, string extra, string missing)
    {
        var batch = Parse(Valid("ok"), Valid("e", type, extra));
        var rejected = Assert.Single(batch.Rejected);
        Assert.Contains($"'{missing}'", rejected.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"type":"page_view","sessionId":"s","timestamp":"2026-11-25T12:00:00Z"}""", "'id'")]
    [InlineData("""{"id":"x","sessionId":"s","timestamp":"2026-11-25T12:00:00Z"}""", "'type'")]
    [InlineData("""{"id":"x","type":"page_view","timestamp":"2026-11-25T12:00:00Z"}""", "'sessionId'")]
    [InlineData("""{"id":"x","type":"page_view","sessionId":"s"}""", "'timestamp'")]
    [InlineData("""{"id":"x","type":"page_view","sessionId":"s","timestamp":"yesterday"}""", "malformed event")]
    [InlineData("""{"id":"x","type":"page_view","sessionId":"s","timestamp":"2026-11-01T12:00:00Z"}""", "horizon")]
    [InlineData("42", "JSON object")]
    public void Invalid_events_are_rejected_with_a_reason(string invalid, string reason)
    {
        var batch = Parse(Valid("ok"), invalid);
        Assert.Contains(reason, Assert.Single(batch.Rejected).Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"events\":[", "not valid JSON")]
    [InlineData("[]", "'events' array")]
    [InlineData("{\"events\":{}}", "'events' array")]
    [InlineData("{\"events\":[]}", "no events")]
    public void Malformed_or_empty_batches_are_refused(string body, string error)
    {
        var batch = CollectorBatch.Parse(Encoding.UTF8.GetBytes(body), validator);
        Assert.Contains(error, batch.BatchError, StringComparison.Ordinal);
        Assert.Empty(batch.Accepted);
    }

    [Fact]
    public void More_than_500_events_are_refused_and_500_are_accepted()
    {
        var events = Enumerable.Range(0, AnalyticsOptions.MaxBatchSize + 1).Select(i => Valid("e" + i)).ToArray();
        Assert.Contains("501 events", Parse(events).BatchError, StringComparison.Ordinal);
        Assert.Equal(500, Parse(events[..500]).Accepted.Count);
    }

    [Fact]
    public void A_batch_with_no_valid_event_is_refused_and_still_lists_the_reasons()
    {
        var batch = Parse(Valid("a", "nope"), Valid("b", "product_view"));
        Assert.Equal("No event in the batch is valid.", batch.BatchError);
        Assert.Equal(["a", "b"], batch.Rejected.Select(r => r.Id));
    }

    [Fact]
    public void Accepted_events_are_normalized()
    {
        var e = Assert.Single(Parse($$"""{"id":"x","type":"add_to_cart","sessionId":"s","timestamp":"2026-11-25T14:00:00+02:00","device":" Mobile ","country":"gb","productId":"p","value":5,"currency":"eur"}""").Accepted);
        Assert.Equal((TimeSpan.Zero, "mobile", "GB", "EUR"), (e.Timestamp.Offset, e.Device, e.Country, e.Currency));
        var defaults = Assert.Single(Parse(Valid("y") .Replace("}", ",\"country\":\"Narnia\"}", StringComparison.Ordinal)).Accepted);
        Assert.Equal(("unknown", "ZZ"), (defaults.Device, defaults.Country));
    }
}
