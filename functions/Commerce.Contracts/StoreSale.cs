namespace Commerce.Contracts;

/// <summary>
/// One sale at a physical store's till, as the store's point of sale reports it on the <see cref="Queue"/> queue (on
/// the orders app's runtime account): the units leave the store's on-hand in the orders context, which keeps stock of
/// every location. <paramref name="Sequence"/> numbers the store's sales (a store counts up). The same sale delivered
/// again (same store, SKU, sequence and content) is done, nothing changed; a sale of a SKU whose number is not above the
/// last one applied for that store and SKU is otherwise stale, or reuses a number another sale was applied with, and is
/// refused, nothing changed. <paramref name="SaleId"/> is the till's own receipt line id.
/// </summary>
/// <param name="StoreId">The store (a configured store location, <c>Orders:Stores</c>).</param>
/// <param name="Sku">The SKU sold.</param>
/// <param name="Quantity">Units sold, at least 1 (a return at the till is not a sale).</param>
/// <param name="Sequence">The store's sale number, positive and increasing.</param>
/// <param name="SaleId">The till's id of this sale line.</param>
/// <param name="SoldAt">When the till recorded the sale.</param>
public sealed record StoreSale(string StoreId, string Sku, int Quantity, long Sequence, string SaleId, DateTimeOffset SoldAt)
{
    /// <summary>Storage queue the stores send on and the orders app's trigger reads.</summary>
    public const string Queue = "store-sales";
}
