using Commerce.Documents.Sqlite;
using Commerce.Orders.Domain;

namespace Commerce.Orders.UnitTests;

/// <summary>Admission per Idempotency-Key over a real (SQLite) store: the key's order, and the access tokens kept for it.</summary>
public sealed class CheckoutRequestsTests : IDisposable
{
    readonly string dataPath = Path.Combine(Path.GetTempPath(), "commerce-checkout-requests-tests", Guid.NewGuid().ToString("N"));
    readonly SqliteDocumentStore store;
    readonly CheckoutRequests requests;

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public CheckoutRequestsTests()
    {
        store = new SqliteDocumentStore(dataPath);
        requests = new CheckoutRequests(store, TimeProvider.System);
    }

    public void Dispose()
    {
        store.Dispose();
        try
        {
            Directory.Delete(dataPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp folder.
        }
    }

    [Fact]
    public async Task A_key_keeps_the_order_of_its_first_admission_and_only_the_same_body_gets_another_token()
    {
        var first = CheckoutRequests.NewOrderId();

        var (admitted, record) = await requests.AdmitAsync("key-1", first, "body-a", "cust-1", "hash-1", Ct);
        var (repeated, again) = await requests.AdmitAsync("key-1", CheckoutRequests.NewOrderId(), "body-a", "cust-1", "hash-2", Ct);
        var (mismatch, _) = await requests.AdmitAsync("key-1", CheckoutRequests.NewOrderId(), "body-b", "cust-1", "hash-3", Ct);

        Assert.Equal((CheckoutAdmission.New, first), (admitted, record.OrderId));
        Assert.Equal((CheckoutAdmission.Repeat, first), (repeated, again.OrderId));
        Assert.Equal(CheckoutAdmission.Mismatch, mismatch);
        Assert.Equal(first, await requests.OrderIdOfAsync("key-1", Ct));
        Assert.Null(await requests.OrderIdOfAsync("key-2", Ct));
        var stored = (await requests.GetAsync(first, Ct))!;
        Assert.Equal(["hash-1", "hash-2"], stored.TokenHashes!);
        Assert.Equal(("body-a", "cust-1"), (stored.BodyHash, stored.CustomerId));
    }

    [Fact]
    public async Task A_token_handed_out_before_the_holder_is_admitted_is_kept_and_the_checkout_is_admitted_after()
    {
        var orderId = CheckoutRequests.NewOrderId();

        await requests.AddTokenAsync(orderId, "second-tab", Ct);
        var early = await requests.FindAsync(orderId, Ct);
        var pendingAdmission = await requests.GetAsync(orderId, Ct);
        var (admission, record) = await requests.AdmitAsync("key-1", orderId, "body-a", null, "first-tab", Ct);

        Assert.False(early!.IsAdmitted);
        Assert.Null(pendingAdmission); // not an admitted checkout: the holder may still be over without an order
        Assert.Equal(CheckoutAdmission.New, admission);
        Assert.Equal(["second-tab", "first-tab"], record.TokenHashes!);
    }

    [Fact]
    public async Task Concurrent_admissions_of_one_key_name_one_order_and_keep_every_token()
    {
        var candidates = Enumerable.Range(0, 8).Select(_ => CheckoutRequests.NewOrderId()).ToList();

        var results = await Task.WhenAll(candidates.Select((id, i) => requests.AdmitAsync("key-1", id, "body-a", null, $"hash-{i}", Ct)));

        var orderId = Assert.Single(results.Select(r => r.Record.OrderId).Distinct());
        Assert.Single(results, r => r.Admission == CheckoutAdmission.New);
        Assert.Equal(candidates.Select((_, i) => $"hash-{i}").Order(), (await requests.GetAsync(orderId, Ct))!.TokenHashes!.Order());
    }
}
