using System.Globalization;

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
    readonly List<object> pendingEvents = [];

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
                store.Learn(await store.SendAsync("GET /api/categories", HttpMethod.Get, "/api/categories", null, ct));
                break;
            case 2 when store.Serves("GET", "/api/products") && Pick(store.Categories.Keys) is { } category:
                store.Learn(await store.SendAsync("GET /api/products", HttpMethod.Get, $"/api/products?category={Uri.EscapeDataString(category)}&pageSize=24", null, ct));
                break;
            case 3 or 4 or 5 when store.Serves("GET", "/api/products/{id}") && Pick(store.ProductIds.Keys) is { } id:
                store.Learn(await store.SendAsync("GET /api/products/{id}", HttpMethod.Get, $"/api/products/{Uri.EscapeDataString(id)}", null, ct));
                Track("product_view", id);
                break;
            case 6 or 7 when store.Serves("GET", "/api/search"):
                var query = Typo(Pick(store.Words.Keys) ?? "shirt");
                store.Learn(await store.SendAsync("GET /api/search", HttpMethod.Get, $"/api/search?q={Uri.EscapeDataString(query)}&pageSize=24", null, ct));
                Track("search", null, query);
                break;
            case 8 when store.Serves("GET", "/api/search/suggest"):
                var prefix = (Pick(store.Words.Keys) ?? "sh")[..2];
                await store.SendAsync("GET /api/search/suggest", HttpMethod.Get, $"/api/search/suggest?q={prefix}", null, ct);
                break;
            default:
                var app = new[] { "catalog", "cart", "orders", "analytics" }[random.Next(4)];
                await store.SendAsync("GET /api/{app}/health", HttpMethod.Get, $"/api/{app}/health", null, ct);
                Track("page_view", null);
                break;
        }

        if (pendingEvents.Count >= 20 && store.Serves("POST", "/api/events"))
        {
            await store.SendAsync("POST /api/events", HttpMethod.Post, "/api/events", new { events = pendingEvents.ToArray() }, ct);
            pendingEvents.Clear();
        }
    }

    void Track(string type, string? productId, string? query = null)
        => pendingEvents.Add(new
        {
            id = $"{sessionId}-{pendingEvents.Count}-{random.Next():x8}",
            type,
            sessionId,
            timestamp = DateTimeOffset.UtcNow,
            device = random.Next(3) == 0 ? "mobile" : "desktop",
            country = random.Next(2) == 0 ? "US" : "DE",
            productId,
            query,
            resultCount = query is null ? (int?)null : 1,
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
