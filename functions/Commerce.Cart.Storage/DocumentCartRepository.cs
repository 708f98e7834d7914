using Commerce.Cart.Domain;
using Commerce.Documents;

namespace Commerce.Cart.Storage;

/// <summary>Carts in the document store: container <c>carts</c>, id = partition key = cart id; guest carts carry a TTL.</summary>
public sealed class DocumentCartRepository(IDocumentStore store) : ICartRepository
{
    readonly IDocumentContainer<ShoppingCart> carts = store.Container<ShoppingCart>(ShoppingCart.Container);

    public async Task<StoredCart?> FindAsync(string id, CancellationToken cancellationToken = default)
        => await carts.ReadAsync(id, id, cancellationToken) is { } doc ? new StoredCart(doc.Value, doc.ETag) : null;

    public async Task<StoredCart?> CreateAsync(ShoppingCart cart, TimeSpan? timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cart);
        try
        {
            var doc = await carts.CreateAsync(cart.Id, cart.Id, cart, Options(timeToLive), cancellationToken);
            return new StoredCart(doc.Value, doc.ETag);
        }
        catch (DocumentConflictException)
        {
            return null;
        }
    }

    public async Task<StoredCart?> ReplaceAsync(ShoppingCart cart, string ifMatch, TimeSpan? timeToLive, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cart);
        try
        {
            var doc = await carts.ReplaceAsync(cart.Id, cart.Id, cart, ifMatch, Options(timeToLive), cancellationToken);
            return new StoredCart(doc.Value, doc.ETag);
        }
        catch (DocumentStoreException ex) when (ex is DocumentConcurrencyException or DocumentNotFoundException)
        {
            return null;
        }
    }

    public async Task<bool> DeleteAsync(string id, string ifMatch, CancellationToken cancellationToken = default)
    {
        try
        {
            return await carts.DeleteAsync(id, id, ifMatch, cancellationToken);
        }
        catch (DocumentConcurrencyException)
        {
            return false;
        }
    }

    static DocumentWriteOptions? Options(TimeSpan? timeToLive) => timeToLive is null ? null : new DocumentWriteOptions { TimeToLive = timeToLive };
}
