using System.Text.Json;
using Commerce.Catalog.Domain;
using Commerce.Contracts;
using Commerce.Primitives;

namespace Commerce.Catalog.UnitTests;

public sealed class ProductCatalogTests : IAsyncLifetime
{
    readonly CatalogTestBed _bed = new();

    static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _bed.WithCategoriesAsync(Ct);

    public ValueTask DisposeAsync() => _bed.DisposeAsync();

    [Fact]
    public async Task A_created_product_is_readable_listed_searchable_and_publishes_a_sku_snapshot_per_variant()
    {
        var created = await _bed.Writer.CreateAsync(Samples.Input("p1", colors: ["navy", "grey"]), Ct);

        Assert.Equal(CatalogOutcome.Created, created.Outcome);
        var read = await _bed.Reader.GetAsync("p1", Ct);
        Assert.Equal(created.ETag, read!.ETag);
        Assert.Equal("merino-sweater", JsonSerializer.Deserialize<Product>(read.Json, CommerceJson.Options)!.Slug);
        Assert.Equal("p1", (await _bed.Reader.GetBySlugAsync("merino-sweater", Ct))!.Id);
        Assert.Single((await _bed.Reader.ListAsync("clothing", 10, null, Ct)).Value!.Items);
        Assert.Single((await _bed.Search.SearchAsync(new ProductSearchQuery { Text = "merino" }, Ct)).Items);
        var sku = await _bed.Store.Container<SkuSnapshot>(SkuSnapshot.Container).ReadAsync("P1-GREY-M", "P1-GREY-M", Ct);
        Assert.Equal(SkuStatus.Active, sku!.Value.Status);
        Assert.Equal(new Money(5000, "USD"), sku.Value.PriceIn("USD"));
    }

    [Fact]
    public async Task Listing_pages_are_reused_until_a_product_is_written_through_this_instance()
    {
        await _bed.Writer.CreateAsync(Samples.Input("p1"), Ct);
        var first = (await _bed.Reader.ListAsync(null, 10, null, Ct)).Value!;
        Assert.Equal(["p1"], first.Items.Select(i => i.Id));

        // Another instance's write lands in the store: this instance keeps answering from its cached page.
        var listings = _bed.Store.Container<ProductSummary>(CatalogContainers.Listings);
        var elsewhere = first.Items[0] with { Id = "p0" };
        await listings.UpsertAsync("p0", CatalogContainers.AllProductsPartition, elsewhere, cancellationToken: Ct);
        Assert.Equal(["p1"], (await _bed.Reader.ListAsync(null, 10, null, Ct)).Value!.Items.Select(i => i.Id));

        // A write through this instance drops every cached page.
        await _bed.Writer.CreateAsync(Samples.Input("p2", name: "Linen Shirt"), Ct);
        Assert.Equal(["p0", "p1", "p2"], (await _bed.Reader.ListAsync(null, 10, null, Ct)).Value!.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task Writes_invalidate_the_cached_product_and_the_hit_rate_counts_cache_hits()
    {
        await _bed.Writer.CreateAsync(Samples.Input("p1"), Ct);
        await _bed.Reader.GetAsync("p1", Ct);
        await _bed.Reader.GetAsync("p1", Ct);
        Assert.Equal(0.5, _bed.Metrics.HitRatio);

        await _bed.Writer.PatchAsync("p1", input => Validated<ProductInput>.Valid(input with { Name = "Renamed Sweater" }), null, Ct);

        var read = await _bed.Reader.GetAsync("p1", Ct);
        Assert.Equal("Renamed Sweater", JsonSerializer.Deserialize<Product>(read!.Json, CommerceJson.Options)!.Name);
    }

    [Fact]
    public async Task Archiving_hides_the_product_from_the_storefront_and_archives_its_skus()
    {
        await _bed.Writer.CreateAsync(Samples.Input("p1"), Ct);
        await _bed.Reader.GetAsync("p1", Ct);

        Assert.Equal(CatalogOutcome.Ok, (await _bed.Writer.ArchiveAsync("p1", Ct)).Outcome);

        Assert.Null(await _bed.Reader.GetAsync("p1", Ct));
        Assert.Empty((await _bed.Reader.ListAsync(null, 10, null, Ct)).Value!.Items);
        Assert.Empty((await _bed.Search.SearchAsync(new ProductSearchQuery { Text = "merino" }, Ct)).Items);
        Assert.Equal(SkuStatus.Archived, (await _bed.Store.Container<SkuSnapshot>(SkuSnapshot.Container).ReadAsync("P1-NAVY-M", "P1-NAVY-M", Ct))!.Value.Status);
    }

    [Fact]
    public async Task A_replace_with_a_stale_if_match_fails_and_changes_nothing()
    {
        var created = await _bed.Writer.CreateAsync(Samples.Input("p1"), Ct);
        await _bed.Writer.ReplaceAsync("p1", Samples.Input("p1", name: "Second"), created.ETag, Ct);

        var stale = await _bed.Writer.ReplaceAsync("p1", Samples.Input("p1", name: "Third"), created.ETag, Ct);

        Assert.Equal(CatalogOutcome.PreconditionFailed, stale.Outcome);
        Assert.Equal("Second", JsonSerializer.Deserialize<Product>((await _bed.Reader.GetAsync("p1", Ct))!.Json, CommerceJson.Options)!.Name);
    }

    [Fact]
    public async Task If_match_on_a_write_is_a_list_or_star_and_star_needs_the_product_to_exist()
    {
        var created = await _bed.Writer.CreateAsync(Samples.Input("p1"), Ct);
        var replaced = await _bed.Writer.ReplaceAsync("p1", Samples.Input("p1", name: "Second"), $"\"gone\", {created.ETag}", Ct);

        var stalePatch = await _bed.Writer.PatchAsync("p1", input => Validated<ProductInput>.Valid(input with { Name = "Stale" }), $"{created.ETag}, W/{replaced.ETag}", Ct);
        var starPatch = await _bed.Writer.PatchAsync("p1", input => Validated<ProductInput>.Valid(input with { Name = "Third" }), "*", Ct);
        var starCreate = await _bed.Writer.ReplaceAsync("p2", Samples.Input("p2"), "*", Ct);

        Assert.Equal((CatalogOutcome.Ok, CatalogOutcome.PreconditionFailed, CatalogOutcome.Ok, CatalogOutcome.PreconditionFailed), (replaced.Outcome, stalePatch.Outcome, starPatch.Outcome, starCreate.Outcome));
        Assert.Equal("Third", JsonSerializer.Deserialize<Product>((await _bed.Reader.GetAsync("p1", Ct))!.Json, CommerceJson.Options)!.Name);
        Assert.Null(await _bed.Reader.GetAsync("p2", Ct));
    }

    [Fact]
    public async Task A_slug_taken_by_another_product_is_a_conflict()
    {
        await _bed.Writer.CreateAsync(Samples.Input("p1"), Ct);

        var second = await _bed.Writer.CreateAsync(Samples.Input("p2"), Ct);

        Assert.Equal(CatalogOutcome.Conflict, second.Outcome);
        Assert.Null(await _bed.Reader.GetAsync("p2", Ct));
    }

    [Fact]
    public async Task Paging_is_stable_while_products_are_added_and_removed()
    {
        foreach (var i in Enumerable.Range(0, 25))
        {
            await _bed.Writer.CreateAsync(Samples.Input($"p{i:D2}", name: $"Sweater {i}"), Ct);
        }

        var seen = new List<string>();
        string? continuation = null;
        var pages = 0;
        do
        {
            var page = (await _bed.Reader.ListAsync("knitwear", 7, continuation, Ct)).Value!;
            seen.AddRange(page.Items.Select(i => i.Id));
            continuation = page.Continuation;
            if (pages++ == 0)
            {
                // Between pages: one product before the cursor appears, one after it disappears.
                await _bed.Writer.CreateAsync(Samples.Input("p00a", name: "Sweater late"), Ct);
                await _bed.Writer.ArchiveAsync("p20", Ct);
            }
        }
        while (continuation is not null);

        Assert.Equal(seen.Distinct().Count(), seen.Count);
        Assert.Equal(Enumerable.Range(0, 25).Where(i => i != 20).Select(i => $"p{i:D2}"), seen);
    }

    [Fact]
    public async Task A_continuation_token_the_listing_never_returned_breaks_the_unknown_continuation_rule()
    {
        var result = await _bed.Reader.ListAsync(null, 5, "not-a-token", Ct);

        Assert.Equal((CatalogOutcome.BreaksRule, "unknown-continuation"), (result.Outcome, result.Rule));
    }

    [Fact]
    public async Task A_png_named_jpg_is_stored_as_png_and_a_text_file_is_rejected()
    {
        await _bed.Writer.CreateAsync(Samples.Input("p1"), Ct);

        var png = await _bed.Writer.AddImageAsync("p1", ImageSnifferTests.Png, "photo.jpg", Ct);
        var text = await _bed.Writer.AddImageAsync("p1", "just some text"u8.ToArray(), null, Ct);

        var image = Assert.Single(png.Value!.Images);
        Assert.Equal("image/png", image.ContentType);
        Assert.EndsWith(".png", image.Url, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_bed.Root, "images", image.Url["/images/".Length..])));
        Assert.Equal(CatalogOutcome.Invalid, text.Outcome);
        Assert.Equal(image.Url, (await _bed.Reader.ListAsync(null, 5, null, Ct)).Value!.Items[0].ImageUrl);
    }

    [Fact]
    public async Task An_import_saves_valid_lines_and_reports_the_others_by_line()
    {
        var report = await _bed.Writer.ImportAsync(
        [
            new ImportLine(1, Samples.Input("p1")),
            new ImportLine(2, null, "not json"),
            new ImportLine(3, Samples.Input("p3", name: "Linen Shirt", category: "nowhere")),
            new ImportLine(4, Samples.Input("p4", name: "Linen Shirt", category: "shirts")),
        ], Ct);

        Assert.Equal(2, report.Imported);
        Assert.Equal([2, 3], report.Failures.Select(f => f.Line));
        Assert.Equal(2, (await _bed.Search.SearchAsync(new ProductSearchQuery(), Ct)).Total);
    }

    [Fact]
    public async Task The_category_tree_nests_children_and_rejects_cycles()
    {
        var tree = await _bed.Categories.TreeAsync(Ct);
        var cycle = await _bed.Categories.PutAsync(new Category { Id = "clothing", Name = "Clothing", ParentId = "knitwear" }, Ct);

        var root = Assert.Single(tree);
        Assert.Equal(["knitwear", "shirts"], root.Children.Select(c => c.Id));
        Assert.Equal((CatalogOutcome.BreaksRule, "category-cycle"), (cycle.Outcome, cycle.Rule));
    }
}
