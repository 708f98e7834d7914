using Commerce.Catalog.Domain;
using Commerce.Documents;
using Commerce.Primitives;
using Commerce.Testing;

namespace Commerce.Catalog.UnitTests;

/// <summary>
/// Many products at once (search's prices for a price experiment's shopper): the ones the cache lacks cost one batch
/// read of the store, not one read each, and the answer is what single reads answer.
/// </summary>
public sealed class ProductBatchReadTests
{
    static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Uncached_products_are_read_in_one_batch_answered_as_single_reads_answer_them_and_then_served_from_the_cache()
    {
        CountingDocumentStore? counting = null;
        await using var bed = new CatalogTestBed(store => counting = new CountingDocumentStore(store));
        await bed.WithCategoriesAsync(Ct);
        string[] active = ["p1", "p2", "p3", "p4", "p5"];
        foreach (var id in active)
        {
            await bed.Writer.CreateAsync(Samples.Input(id, name: "Sweater " + id), Ct);
        }

        await bed.Writer.CreateAsync(Samples.Input("p6", name: "Draft sweater", status: ProductStatus.Draft), Ct);
        string[] asked = [.. active, "p6", "missing", "p1", "not an id!"];
        counting!.Reset();

        var many = await bed.Reader.GetManyAsync(asked, Ct);

        Assert.Equal(1, counting.Count(CatalogContainers.Products, "read-many"));
        Assert.Equal(0, counting.Count(CatalogContainers.Products, "read"));
        Assert.Equal(active, many.Keys.Order(StringComparer.Ordinal));
        foreach (var id in active)
        {
            var stored = await bed.Store.Container<Product>(CatalogContainers.Products).ReadAsync(id, id, Ct);
            Assert.Equal(EntityTags.Of(stored!.ETag), many[id].ETag);
            Assert.Equal(id, many[id].Product().Id);
        }

        counting.Reset();
        var again = await bed.Reader.GetManyAsync(asked, Ct);
        var single = await bed.Reader.GetAsync("p3", Ct);

        Assert.Equal(0, counting.Total);
        Assert.Equal(active, again.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(many["p3"].ETag, single!.ETag);
        Assert.Null(await bed.Reader.GetAsync("p6", Ct));
    }
}
