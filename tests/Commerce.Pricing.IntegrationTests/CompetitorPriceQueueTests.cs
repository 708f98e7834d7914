using System.Net.Http.Json;
using System.Text.Json;
using Commerce.DevHost.Functions;
using Commerce.Pricing.Domain;
using Commerce.Primitives;
using Commerce.ServiceDefaults;
using Commerce.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Pricing.IntegrationTests;

/// <summary>The competitor-prices queue through the dev host: the latest per competitor kept, stale ones ignored, malformed ones poisoned with the reason.</summary>
public sealed class CompetitorPriceQueueTests(PricingHost host) : IClassFixture<PricingHost>
{
    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    readonly HttpClient staff = host.CreateStaffClient();

    static string Message(string sku, string competitor, long price, DateTimeOffset observedAt, string currency = "USD")
        => JsonSerializer.Serialize(new { sku, competitor, price, currency, observedAt }, CommerceJson.Options);

    async Task<JsonElement[]> CompetitorPricesAsync(string sku)
        => [.. (await staff.GetFromJsonAsync<JsonElement>($"/api/admin/pricing/skus/{sku}/competitor-prices", Cancel)).EnumerateArray()];

    async Task<PoisonMessage> PoisonedAsync(string body)
    {
        PoisonMessage? poisoned = null;
        await Eventually.UntilAsync(() => (poisoned = host.Broker.Poisoned.FirstOrDefault(p => p.Body == body)) is not null, PricingHost.Deadline, because: "the message to be poisoned", cancellationToken: Cancel);
        Assert.Equal(CompetitorPrices.Queue, poisoned!.Queue);
        return poisoned;
    }

    [Fact]
    public async Task The_latest_price_per_competitor_is_kept_whatever_order_and_however_often_messages_arrive()
    {
        var (_, sku) = await host.NewProductAsync("knitwear", 2_500);
        var now = DateTimeOffset.UtcNow;
        var newest = Message(sku, "Rival", 2_300, now.AddMinutes(-1));
        await host.Broker.SendAsync(CompetitorPrices.Queue, Message(sku, "rival", 2_400, now.AddHours(-2)), Cancel);
        await host.Broker.SendAsync(CompetitorPrices.Queue, newest, Cancel);
        await host.Broker.SendAsync(CompetitorPrices.Queue, newest, Cancel);
        await host.Broker.SendAsync(CompetitorPrices.Queue, Message(sku, "other-shop", 2_600, now.AddHours(-1)), Cancel);

        // The queue's messages are handled concurrently, in any order: the kept prices settle on the newest per competitor.
        (string?, long)[] expected = [("rival", 2_300L), ("other-shop", 2_600L)];
        await Eventually.UntilAsync(async () => (await CompetitorPricesAsync(sku)).Select(p => (p.GetProperty("competitor").GetString(), p.GetProperty("price").GetInt64())).SequenceEqual(expected),
            PricingHost.Deadline, because: "the newest price of each competitor to be kept", cancellationToken: Cancel);

        // An older observation, or the same one again, never replaces the newest.
        var ingestion = host.Services.GetRequiredService<CompetitorPrices>();
        Assert.Equal(CompetitorPriceOutcome.Superseded, await ingestion.ReceiveAsync(Message(sku, "rival", 2_400, now.AddHours(-2)), Cancel));
        Assert.Equal(CompetitorPriceOutcome.Superseded, await ingestion.ReceiveAsync(newest, Cancel));
        Assert.Equal(2_300, (await CompetitorPricesAsync(sku)).Single(p => p.GetProperty("competitor").GetString() == "rival").GetProperty("price").GetInt64());
        Assert.DoesNotContain(host.Broker.Poisoned, p => p.Body.Contains(sku, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stale_competitor_price_is_ignored_not_recorded_and_not_poisoned()
    {
        var (_, sku) = await host.NewProductAsync("knitwear", 2_500);
        var stale = Message(sku, "rival", 1_900, DateTimeOffset.UtcNow.AddDays(-3));

        Assert.Equal(CompetitorPriceOutcome.Stale, await host.Services.GetRequiredService<CompetitorPrices>().ReceiveAsync(stale, Cancel));

        Assert.Empty(await CompetitorPricesAsync(sku));
    }

    [Theory]
    [InlineData("{not json", "Not a competitor price message")]
    [InlineData("""{"sku":"SKU-1","competitor":"rival","price":-5,"currency":"USD","observedAt":"2026-01-01T00:00:00Z"}""", "price is 1-")]
    [InlineData("""{"sku":"SKU-1","competitor":"rival","price":12.5,"currency":"USD","observedAt":"2026-01-01T00:00:00Z"}""", "Not a competitor price message")]
    [InlineData("""{"sku":"SKU-1","competitor":"rival","price":500,"currency":"XXX"}""", "currency is a supported ISO 4217 code; observedAt is required")]
    [InlineData("""{"competitor":"","price":500,"currency":"USD","observedAt":"2026-01-01T00:00:00Z"}""", "sku is required")]
    public async Task A_malformed_competitor_message_is_poisoned_with_its_reason(string body, string reason)
    {
        await host.Broker.SendAsync(CompetitorPrices.Queue, body, Cancel);

        var poisoned = await PoisonedAsync(body);

        Assert.Contains(reason, poisoned.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_competitor_price_for_an_unknown_sku_is_poisoned_and_creates_nothing()
    {
        var body = Message("SKU-NOT-SOLD-HERE", "rival", 2_000, DateTimeOffset.UtcNow);
        await host.Broker.SendAsync(CompetitorPrices.Queue, body, Cancel);

        var poisoned = await PoisonedAsync(body);

        Assert.Contains("SKU-NOT-SOLD-HERE' is not in the catalog", poisoned.Reason, StringComparison.Ordinal);
        Assert.Empty(await CompetitorPricesAsync("SKU-NOT-SOLD-HERE"));
    }
}
