using System.Globalization;
using Commerce.Contracts;

namespace Commerce.DevHost.Analytics;

/// <summary>
/// Deterministic, plausible storefront sessions: the same seed gives the same sessions (devices, countries, paths
/// through search, product views, carts, checkouts and purchases), stamped with the time they are generated at.
/// Roughly 30% of sessions add to cart, half of those start checkout and 60% of checkouts buy.
/// </summary>
public sealed class StorefrontSessionGenerator(int seed, string runId)
{
    static readonly (string Device, int Weight)[] Devices = [("mobile", 55), ("desktop", 35), ("tablet", 10)];
    static readonly (string Country, string Currency, int Weight)[] Countries =
        [("US", "USD", 40), ("GB", "GBP", 15), ("DE", "EUR", 15), ("FR", "EUR", 10), ("JP", "JPY", 10), ("CA", "CAD", 10)];
    static readonly string[] Queries = ["sneakers", "linen shirt", "rain jacket", "denim", "wool coat", "sandals", "summer dress", "chelsea boots", "gilet xxl", "cashmere scarf"];
    const int Products = 60;

    readonly Random random = new(seed);
    long sessions;
    long events;

    /// <summary>One session's events, timestamps spread a few seconds apart starting at <paramref name="start"/>.</summary>
    public IReadOnlyList<StorefrontEvent> NextSession(DateTimeOffset start)
    {
        var session = $"{runId}-s{++sessions}";
        var device = Pick(Devices, d => d.Weight).Device;
        var (country, currency, _) = Pick(Countries, c => c.Weight);
        var customer = random.Next(3) == 0 ? $"cust-{random.Next(1, 5000)}" : null;
        var list = new List<StorefrontEvent>();
        var time = start;
        StorefrontEvent Event(string type) => new()
        {
            Id = $"{runId}-e{++events}",
            Type = type,
            SessionId = session,
            CustomerId = customer,
            Timestamp = time = time.AddMilliseconds(random.Next(200, 3000)),
            Device = device,
            Country = country,
        };

        list.Add(Event(StorefrontEventTypes.PageView));
        if (random.Next(100) < 45)
        {
            var query = Queries[random.Next(Queries.Length)];
            list.Add(Event(StorefrontEventTypes.Search) with { Query = query, ResultCount = query.EndsWith("xxl", StringComparison.Ordinal) ? 0 : random.Next(1, 40) });
        }

        var viewed = new List<string>();
        for (var i = random.Next(1, 6); i > 0; i--)
        {
            var product = ProductId(Skewed());
            viewed.Add(product);
            list.Add(Event(StorefrontEventTypes.ProductView) with { ProductId = product });
        }

        if (random.Next(100) >= 30)
        {
            return list;
        }

        var cart = viewed.Take(random.Next(1, viewed.Count + 1)).ToList();
        foreach (var product in cart)
        {
            list.Add(Event(StorefrontEventTypes.AddToCart) with { ProductId = product });
        }

        if (random.Next(100) >= 50)
        {
            return list;
        }

        list.Add(Event(StorefrontEventTypes.CheckoutStarted));
        if (random.Next(100) < 60)
        {
            var value = cart.Sum(Price);
            list.Add(Event(StorefrontEventTypes.Purchase) with
            {
                OrderId = $"{runId}-o{sessions}",
                Value = currency == "JPY" ? value * 150 / 100 : value,
                Currency = currency,
                ProductId = cart[0],
            });
        }

        return list;
    }

    // A few products get most of the views, as in real catalogs.
    int Skewed() => (int)(Products * Math.Pow(random.NextDouble(), 2.5));

    static string ProductId(int index) => "sku-" + (index + 1).ToString("D3", CultureInfo.InvariantCulture);

    static long Price(string productId) => 1_000 + ((long)(StableIndex(productId) * 7919 % 150) * 100) + 99;

    static int StableIndex(string productId) => int.Parse(productId.AsSpan(4), CultureInfo.InvariantCulture);

    T Pick<T>(T[] choices, Func<T, int> weight)
    {
        var roll = random.Next(choices.Sum(weight));
        foreach (var choice in choices)
        {
            roll -= weight(choice);
            if (roll < 0)
            {
                return choice;
            }
        }

        return choices[^1];
    }
}
