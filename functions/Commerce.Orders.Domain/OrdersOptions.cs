using System.ComponentModel.DataAnnotations;

namespace Commerce.Orders.Domain;

/// <summary>Orders settings (section <see cref="Section"/>).</summary>
public sealed class OrdersOptions
{
    public const string Section = "Orders";

    /// <summary>Known warehouses and their shipping cost model; defaults to three when none are configured.</summary>
    public List<Warehouse> Warehouses { get; set; } = [];

    /// <summary>How long a reservation holds stock before it expires by itself.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ReservationHold { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long checkout waits for a customer payment action (must be shorter than the reservation hold).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PaymentActionTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Flash-sale protection: once this many checkout sagas are running or pending, new checkouts are still accepted
    /// (202, status "queued") but wait in the admission lane and start in arrival order as the backlog falls. 0 turns it off.
    /// </summary>
    [Range(0, 1_000_000)]
    public int CheckoutBacklogLimit { get; set; } = 1000;

    public IReadOnlyList<Warehouse> EffectiveWarehouses => Warehouses.Count > 0 ? Warehouses : DefaultWarehouses;

    /// <summary>Physical stores (none by default): locations too; see <see cref="Store"/>.</summary>
    public List<Store> Stores { get; set; } = [];

    /// <summary>Every location that keeps stock: the warehouses, then the stores.</summary>
    public IReadOnlyList<Warehouse> Locations => [.. EffectiveWarehouses, .. Stores.Select(s => s.AsLocation())];

    /// <summary>The locations checkout may allocate an online order from: every warehouse, and the stores that allow it.</summary>
    public IReadOnlyList<Warehouse> OnlineLocations => [.. EffectiveWarehouses, .. Stores.Where(s => s.AllocateOnlineOrders).Select(s => s.AsLocation())];

    /// <summary>True when no two locations (warehouses and stores) share an id.</summary>
    public bool LocationIdsAreDistinct => Locations.Select(l => l.Id).Distinct(StringComparer.Ordinal).Count() == Locations.Count;

    public static IReadOnlyList<Warehouse> DefaultWarehouses { get; } =
    [
        new("wh-east", "Newark, NJ", 500, 40),
        new("wh-central", "Columbus, OH", 450, 45),
        new("wh-west", "Reno, NV", 550, 35),
    ];
}
