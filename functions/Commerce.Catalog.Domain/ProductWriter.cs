using Commerce.Contracts;
using Commerce.Documents;
using Commerce.Primitives;
using Microsoft.Extensions.Logging;

namespace Commerce.Catalog.Domain;

/// <summary>
/// Every product write, one path: validate, keep the slug unique, write the product with its ETag, then bring the
/// derived documents in step (listings, the SKU snapshots the cart reads, the search index, the read cache).
/// </summary>
public sealed partial class ProductWriter(IDocumentStore store, Categories categories, IProductSearch search, IImageStore images, ProductReader reader, TimeProvider time, ILogger<ProductWriter> logger)
{
    readonly IDocumentContainer<Product> _products = store.Container<Product>(CatalogContainers.Products);
    readonly IDocumentContainer<SlugLookup> _slugs = store.Container<SlugLookup>(CatalogContainers.Slugs);
    readonly IDocumentContainer<ProductSummary> _listings = store.Container<ProductSummary>(CatalogContainers.Listings);
    readonly IDocumentContainer<SkuSnapshot> _skus = store.Container<SkuSnapshot>(SkuSnapshot.Container);

    public Task<CatalogResult<Product>> CreateAsync(ProductInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        return SaveAsync(input.Id ?? Guid.NewGuid().ToString("N"), input, ifMatch: null, mustBeNew: true, index: true, cancellationToken);
    }

    /// <summary>Creates or replaces; with <paramref name="ifMatch"/> (an If-Match value: entity tags or <c>*</c>), only if the product is at a version it names.</summary>
    public Task<CatalogResult<Product>> ReplaceAsync(string id, ProductInput input, string? ifMatch, CancellationToken cancellationToken = default)
        => SaveAsync(id, input with { Id = id }, ifMatch, mustBeNew: false, index: true, cancellationToken);

    /// <summary>Applies <paramref name="patch"/> to the current product's input form and saves the result at the version read.</summary>
    public async Task<CatalogResult<Product>> PatchAsync(string id, Func<ProductInput, Validated<ProductInput>> patch, string? ifMatch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var current = ProductRules.IsId(id) ? await _products.ReadAsync(id, id, cancellationToken) : null;
        if (current is null)
        {
            return CatalogResult<Product>.NotFound($"Product '{id}' does not exist.");
        }

        if (!EntityTagCondition.Parse(ifMatch).Allows(current.ETag))
        {
            return NotAtVersion(id, ifMatch);
        }

        // Saved only at the version the patch was applied to (also under If-Match: *).
        var patched = patch(ProductRules.ToInput(current.Value));
        return patched.IsValid
            ? await SaveAsync(id, patched.Value! with { Id = id }, EntityTags.Of(current.ETag), mustBeNew: false, index: true, cancellationToken)
            : CatalogResult<Product>.Invalid(patched.Errors!);
    }

    public Task<CatalogResult<Product>> ArchiveAsync(string id, CancellationToken cancellationToken = default)
        => PatchAsync(id, input => Validated<ProductInput>.Valid(input with { Status = ProductStatus.Archived }), ifMatch: null, cancellationToken);

    /// <summary>Sniffs, stores and appends an image; the stored type is what the bytes are, whatever the file was called.</summary>
    public async Task<CatalogResult<Product>> AddImageAsync(string id, ReadOnlyMemory<byte> content, string? alt, CancellationToken cancellationToken = default)
    {
        if (content.Length > ImageSniffer.MaxBytes)
        {
            return CatalogResult<Product>.Invalid("image", $"An image is at most {ImageSniffer.MaxBytes} bytes.");
        }

        if (ImageSniffer.Sniff(content.Span) is not { } kind)
        {
            return CatalogResult<Product>.Invalid("image", "Only JPEG, PNG and WebP images are accepted.");
        }

        var current = ProductRules.IsId(id) ? await _products.ReadAsync(id, id, cancellationToken) : null;
        if (current is null)
        {
            return CatalogResult<Product>.NotFound($"Product '{id}' does not exist.");
        }

        var url = await images.SaveAsync($"{id}/{Guid.NewGuid():N}.{kind.Extension}", content, kind.ContentType, cancellationToken);
        var input = ProductRules.ToInput(current.Value);
        input = input with { Images = [.. current.Value.Images, new ProductImage(url, kind.ContentType, alt)] };
        return await SaveAsync(id, input, current.ETag, mustBeNew: false, index: true, cancellationToken);
    }

    /// <summary>Saves every valid line (indexing them in one batch); reports each line that was not saved.</summary>
    public async Task<ImportReport> ImportAsync(IEnumerable<ImportLine> lines, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var saved = new List<Product>();
        var failures = new List<ImportFailure>();
        foreach (var line in lines)
        {
            if (line.Input is null)
            {
                failures.Add(new ImportFailure(line.Number, line.Error ?? "Not a product object."));
                continue;
            }

            var result = line.Input.Id is { } id
                ? await SaveAsync(id, line.Input, ifMatch: null, mustBeNew: false, index: false, cancellationToken)
                : await SaveAsync(Guid.NewGuid().ToString("N"), line.Input, ifMatch: null, mustBeNew: true, index: false, cancellationToken);
            if (result.Value is { } product)
            {
                saved.Add(product);
            }
            else
            {
                failures.Add(new ImportFailure(line.Number, result.Detail ?? string.Join("; ", result.Errors?.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}") ?? [])));
            }
        }

        await search.IndexAsync(saved, cancellationToken);
        return new ImportReport(saved.Count, failures);
    }

    async Task<CatalogResult<Product>> SaveAsync(string id, ProductInput input, string? ifMatch, bool mustBeNew, bool index, CancellationToken cancellationToken)
    {
        var current = ProductRules.IsId(id) ? await _products.ReadAsync(id, id, cancellationToken) : null;
        if (current is not null && mustBeNew)
        {
            return CatalogResult<Product>.Conflict($"Product '{id}' already exists.");
        }

        if (!EntityTagCondition.Parse(ifMatch).Allows(current?.ETag))
        {
            return NotAtVersion(id, ifMatch);
        }

        var path = await categories.PathAsync(input.CategoryId?.Trim(), cancellationToken);
        var built = ProductRules.Build(input, id, path, time.GetUtcNow(), current?.Value);
        if (!built.IsValid)
        {
            return CatalogResult<Product>.Invalid(built.Errors!);
        }

        var product = built.Value!;
        var previous = current?.Value;
        if (!await ClaimSlugAsync(product, cancellationToken))
        {
            return CatalogResult<Product>.Conflict($"Slug '{product.Slug}' belongs to another product.");
        }

        Document<Product> stored;
        try
        {
            stored = current is null
                ? await _products.CreateAsync(id, id, product, cancellationToken: cancellationToken)
                : await _products.ReplaceAsync(id, id, product, current.ETag, cancellationToken: cancellationToken);
        }
        catch (DocumentConflictException)
        {
            return CatalogResult<Product>.Conflict($"Product '{id}' already exists.");
        }
        catch (DocumentStoreException ex) when (ex is DocumentConcurrencyException or DocumentNotFoundException)
        {
            return CatalogResult<Product>.PreconditionFailed($"Product '{id}' was changed by another writer; read it again.");
        }

        await UpdateDerivedAsync(product, previous, cancellationToken);
        if (index)
        {
            await search.IndexAsync([product], cancellationToken);
        }

        await reader.InvalidateAsync(id, previous is null ? [product.Slug] : [product.Slug, previous.Slug], cancellationToken);
        LogSaved(logger, id, product.Status);
        return new CatalogResult<Product>(current is null ? CatalogOutcome.Created : CatalogOutcome.Ok, product, EntityTags.Of(stored.ETag));
    }

    static CatalogResult<Product> NotAtVersion(string id, string? ifMatch) => CatalogResult<Product>.PreconditionFailed($"Product '{id}' is not at version {ifMatch}.");

    async Task<bool> ClaimSlugAsync(Product product, CancellationToken cancellationToken)
    {
        var existing = await _slugs.ReadAsync(product.Slug, product.Slug, cancellationToken);
        if (existing is not null)
        {
            return string.Equals(existing.Value.ProductId, product.Id, StringComparison.Ordinal);
        }

        try
        {
            await _slugs.CreateAsync(product.Slug, product.Slug, new SlugLookup(product.Slug, product.Id), cancellationToken: cancellationToken);
            return true;
        }
        catch (DocumentConflictException)
        {
            return false;
        }
    }

    async Task UpdateDerivedAsync(Product product, Product? previous, CancellationToken cancellationToken)
    {
        if (previous is not null && !string.Equals(previous.Slug, product.Slug, StringComparison.Ordinal))
        {
            await _slugs.DeleteAsync(previous.Slug, previous.Slug, cancellationToken: cancellationToken);
        }

        var partitions = product.CategoryPath.Append(CatalogContainers.AllProductsPartition).ToArray();
        foreach (var stale in previous?.CategoryPath.Except(partitions, StringComparer.Ordinal) ?? [])
        {
            await _listings.DeleteAsync(product.Id, stale, cancellationToken: cancellationToken);
        }

        var summary = ProductSummary.Of(product);
        foreach (var partition in partitions)
        {
            if (product.Status == ProductStatus.Active)
            {
                await _listings.UpsertAsync(product.Id, partition, summary, cancellationToken: cancellationToken);
            }
            else
            {
                await _listings.DeleteAsync(product.Id, partition, cancellationToken: cancellationToken);
            }
        }

        var skus = product.Variants.Select(v => Snapshot(product, v, product.Status)).ToList();
        var kept = product.Variants.Select(v => v.Sku).ToHashSet(StringComparer.Ordinal);
        skus.AddRange(previous?.Variants.Where(v => !kept.Contains(v.Sku)).Select(v => Snapshot(product, v, ProductStatus.Archived)) ?? []);
        foreach (var sku in skus)
        {
            await _skus.UpsertAsync(sku.Sku, sku.Sku, sku, cancellationToken: cancellationToken);
        }
    }

    static SkuSnapshot Snapshot(Product product, ProductVariant variant, ProductStatus status) => new()
    {
        Sku = variant.Sku,
        ProductId = product.Id,
        Name = product.Name,
        Options = variant.Options,
        Slug = product.Slug,
        CategoryId = product.CategoryId,
        ImageUrl = product.Images.Count > 0 ? product.Images[0].Url : null,
        Status = status switch { ProductStatus.Active => SkuStatus.Active, ProductStatus.Archived => SkuStatus.Archived, _ => SkuStatus.Draft },
        Prices = variant.Prices,
        WeightGrams = variant.WeightGrams,
        TaxClass = variant.TaxClass,
        UpdatedAt = product.UpdatedAt,
    };

    [LoggerMessage(Level = LogLevel.Debug, Message = "Saved product {ProductId} ({Status})")]
    static partial void LogSaved(ILogger logger, string productId, ProductStatus status);
}

/// <summary>One line of a JSON-lines feed: the parsed input, or why it could not be parsed.</summary>
public sealed record ImportLine(int Number, ProductInput? Input, string? Error = null);

public sealed record ImportFailure(int Line, string Error);

public sealed record ImportReport(int Imported, IReadOnlyList<ImportFailure> Failures);
