using System.Globalization;
using Commerce.Client.Models;

namespace Commerce.Simulator;

/// <summary>
/// One virtual shopper: a session that browses, searches (with typos), views products and emits clickstream, using
/// whichever of those the target serves. Deterministic for a given seed.
/// </summary>
public sealed class Shopper(Storefront store, CheckoutLedger ledger, string webhookSecret, int seed)
{
    readonly Random random = new(seed);
    Buyer? buyer;
    readonly string sessionId = $"sim-{seed:x8}";
    readonly List<StorefrontEvent> pendingEvents = [];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await StepAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    async Task StepAsync(CancellationToken ct)
    {
        switch (random.Next(12))
        {
            case 10 or 11 when store.Serves("POST", "/api/checkout") && store.Serves("POST", "/api/carts"):
                Track("checkout_started", null);
                await (buyer ??= new Buyer(store, ledger, webhookSecret, random)).BuyAsync(ct);
                break;
            case 0 or 1 when store.Serves("GET", "/api/categories"):
                store.Learn((await store.CallAsync("GET /api/categories", call => store.Api.Categories.GetAsync(call.Configure, ct), ct)).Body);
                break;
            case 2 when store.Serves("GET", "/api/products") && Pick(store.Categories.Keys) is { } category:
                var listed = await store.CallAsync("GET /api/products", call => store.Api.Products.GetAsync(c => { c.QueryParameters.Category = category; c.QueryParameters.PageSize = 24; call.Configure(c); }, ct), ct);
                foreach (var item in listed.Body?.Items ?? [])
                {
                    store.Learn(item.Id, item.Name, item.CategoryId);
                }

                break;
            case 3 or 4 or 5 when store.Serves("GET", "/api/products/{id}") && Pick(store.ProductIds.Keys) is { } id:
                if ((await store.CallAsync("GET /api/products/{id}", call => store.Api.Products[id].GetAsync(call.Configure, ct), ct)).Body is { } product)
                {
                    store.Learn(product.Id, product.Name, product.CategoryId);
                }

                Track("product_view", id);
                break;
            case 6 or 7 when store.Serves("GET", "/api/search"):
                var query = Typo(Pick(store.Words.Keys) ?? "shirt");
                var found = await store.CallAsync("GET /api/search", call => store.Api.Search.GetAsync(c => { c.QueryParameters.Q = query; c.QueryParameters.PageSize = 24; call.Configure(c); }, ct), ct);
                foreach (var hit in found.Body?.Items ?? [])
                {
                    store.Learn(hit.Id, hit.Name, hit.CategoryId);
                }

                Track("search", null, query);
                break;
            case 8 when store.Serves("GET", "/api/search/suggest"):
                var prefix = (Pick(store.Words.Keys) ?? "sh")[..2];
                await store.CallAsync("GET /api/search/suggest", call => store.Api.Search.Suggest.GetAsync(c => { c.QueryParameters.Q = prefix; call.Configure(c); }, ct), ct);
                break;
            default:
                await store.CallAsync("GET /api/{app}/health", call => random.Next(4) switch
                {
                    0 => store.Api.Catalog.Health.GetAsync(call.Configure, ct),
                    1 => store.Api.Cart.Health.GetAsync(call.Configure, ct),
                    2 => store.Api.Orders.Health.GetAsync(call.Configure, ct),
                    _ => store.Api.Analytics.Health.GetAsync(call.Configure, ct),
                }, ct);
                Track("page_view", null);
                break;
        }

        if (pendingEvents.Count >= 20 && store.Serves("POST", "/api/events"))
        {
            var batch = new CollectorRequest { Events = [.. pendingEvents] };
            await store.CallAsync("POST /api/events", call => store.Api.Events.PostAsync(batch, call.Configure, ct), ct);
            pendingEvents.Clear();
        }
    }

    void Track(string type, string? productId, string? query = null)
        => pendingEvents.Add(new StorefrontEvent
        {
            Id = $"{sessionId}-{pendingEvents.Count}-{random.Next():x8}",
            Type = type,
            SessionId = sessionId,
            Timestamp = DateTimeOffset.UtcNow,
            Device = random.Next(3) == 0 ? "mobile" : "desktop",
            Country = random.Next(2) == 0 ? "US" : "DE",
            ProductId = productId,
            Query = query,
            ResultCount = query is null ? null : 1,
        });

    string? Pick(ICollection<string> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        return values.ElementAt(random.Next(values.Count));
    }

    /// <summary>One edit away (substitution, deletion or transposition), the way shoppers mistype.</summary>
    string Typo(string word)
    {
        if (word.Length < 4)
        {
            return word;
        }

        var i = random.Next(1, word.Length - 1);
        return random.Next(3) switch
        {
            0 => string.Concat(word.AsSpan(0, i), ((char)('a' + random.Next(26))).ToString(CultureInfo.InvariantCulture), word.AsSpan(i + 1)),
            1 => word.Remove(i, 1),
            _ => string.Concat(word.AsSpan(0, i - 1), word[i].ToString(), word[i - 1].ToString(), word.AsSpan(i + 1)),
        };
    }
}
