using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Commerce.ServiceDefaults;

namespace Commerce.Pricing.IntegrationTests;

/// <summary>Approvals racing over HTTP: a proposal is applied once, and a SKU's price changes stay one chain.</summary>
public sealed class ApprovalConcurrencyTests(PricingHost host) : IClassFixture<PricingHost>
{
    const int Rounds = 4;

    static CancellationToken Cancel => TestContext.Current.CancellationToken;

    readonly HttpClient staff = host.CreateStaffClient();

    async Task<string> ProposeAsync(string sku, long price)
    {
        using var response = await staff.PostAsJsonAsync($"/api/admin/pricing/skus/{sku}/proposals", new { currency = "USD", price, reason = "race" }, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return body.GetProperty("id").GetString()!;
    }

    /// <summary>Each approval from its own client, all sent at once.</summary>
    async Task<(HttpStatusCode Status, string? ContentType, JsonElement Body)[]> ApproveAtOnceAsync(params (string Sku, string ProposalId)[] approvals)
    {
        var clients = approvals.Select(_ => host.CreateStaffClient()).ToArray();
        try
        {
            return await Task.WhenAll(approvals.Select(async (approval, i) =>
            {
                using var response = await clients[i].PostAsync($"/api/admin/pricing/skus/{approval.Sku}/proposals/{approval.ProposalId}/approve", null, Cancel);
                return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadFromJsonAsync<JsonElement>(Cancel));
            }));
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    async Task<JsonElement[]> HistoryAsync(string sku)
        => [.. (await staff.GetFromJsonAsync<JsonElement>($"/api/admin/pricing/skus/{sku}/history", Cancel)).EnumerateArray()];

    [Fact]
    public async Task Two_concurrent_approvals_of_one_proposal_apply_it_once_and_the_other_gets_409()
    {
        var proposals = new List<(string ProductId, string Sku, string ProposalId)>();
        for (var round = 0; round < Rounds; round++)
        {
            var (productId, sku) = await host.NewProductAsync("race-once", 2_000);
            await host.GuardAsync(sku, "race-once", "approval", maxDailyChangeBasisPoints: 2_000);
            proposals.Add((productId, sku, await ProposeAsync(sku, 2_200)));
        }

        var answers = await ApproveAtOnceAsync([.. proposals.SelectMany(p => new[] { (p.Sku, p.ProposalId), (p.Sku, p.ProposalId) })]);

        foreach (var (round, (productId, sku, _)) in proposals.Index())
        {
            var pair = answers.Skip(2 * round).Take(2).ToArray();
            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], pair.Select(a => a.Status).Order());
            var loser = pair.Single(a => a.Status == HttpStatusCode.Conflict);
            Assert.Equal(Problems.ContentType, loser.ContentType);
            Assert.EndsWith("/proposal-not-pending", loser.Body.GetProperty("type").GetString());
            var change = Assert.Single(await HistoryAsync(sku));
            Assert.Equal((2_000, 2_200), (change.GetProperty("oldPrice").GetInt64(), change.GetProperty("newPrice").GetInt64()));
            await host.WaitForProductPriceAsync(staff, productId, 2_200);
        }
    }

    /// <summary>
    /// The invariant: a SKU's changes form one chain — each change's old price is the price the previous one left
    /// (the first: the catalog's), and the price applied is the newest change's — so every price the SKU had today is
    /// within the daily band around the day's opening price. Two approvals of different proposals racing either both
    /// land, one after the other, or the later one is refused with 409 and changes nothing.
    /// </summary>
    [Fact]
    public async Task Concurrent_approvals_of_two_proposals_of_one_sku_keep_its_changes_one_chain_within_the_daily_band()
    {
        var skus = new List<(string ProductId, string Sku, string Up, string Down)>();
        for (var round = 0; round < Rounds; round++)
        {
            var (productId, sku) = await host.NewProductAsync("race-two", 2_000);
            await host.GuardAsync(sku, "race-two", "approval", maxDailyChangeBasisPoints: 2_000);
            skus.Add((productId, sku, await ProposeAsync(sku, 2_400), await ProposeAsync(sku, 1_600)));
        }

        var answers = await ApproveAtOnceAsync([.. skus.SelectMany(s => new[] { (s.Sku, s.Up), (s.Sku, s.Down) })]);

        foreach (var (round, (productId, sku, _, _)) in skus.Index())
        {
            var pair = answers.Skip(2 * round).Take(2).ToArray();
            Assert.All(pair, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, a.Body.ToString()));
            Assert.All(pair.Where(a => a.Status == HttpStatusCode.Conflict), a => Assert.Equal(Problems.ContentType, a.ContentType));
            var chain = (await HistoryAsync(sku)).Reverse().Select(c => (Old: c.GetProperty("oldPrice").GetInt64(), New: c.GetProperty("newPrice").GetInt64())).ToArray();
            Assert.Equal(pair.Count(a => a.Status == HttpStatusCode.OK), chain.Length);
            var price = 2_000L;
            foreach (var (old, @new) in chain)
            {
                Assert.Equal(price, old);
                Assert.InRange(@new, 1_600, 2_400);
                price = @new;
            }

            await host.WaitForProductPriceAsync(staff, productId, price);
        }
    }
}
