using Commerce.Catalog.Images;
using Commerce.Catalog.Recommendations;
using Commerce.Catalog.Search;
using Commerce.Contracts;
using Microsoft.Extensions.FileProviders;

namespace Commerce.DevHost.Catalog;

/// <summary>
/// The catalog's dev-host hooks: its search index and images live in the dev host's data folder, images are served
/// under <c>/images/</c>, a demo catalog is seeded in the background once the host is listening, and (unless
/// <c>DevHost:SellWithoutStockRecord</c> is false) recommendations count a product without any stock record as in stock.
/// </summary>
public static class CatalogDevHost
{
    public static WebApplicationBuilder AddCatalogDevHost(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var dataPath = Path.GetFullPath(builder.Configuration[$"{DevHostOptions.Section}:{nameof(DevHostOptions.DataPath)}"] ?? new DevHostOptions().DataPath);
        var imagesPath = builder.Configuration[$"{CatalogImageOptions.Section}:{nameof(CatalogImageOptions.LocalPath)}"] ?? Path.Combine(dataPath, "images");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{CatalogSearchOptions.Section}:{nameof(CatalogSearchOptions.IndexPath)}"] = builder.Configuration[$"{CatalogSearchOptions.Section}:{nameof(CatalogSearchOptions.IndexPath)}"] ?? Path.Combine(dataPath, "search"),
            [$"{CatalogImageOptions.Section}:{nameof(CatalogImageOptions.LocalPath)}"] = imagesPath,
        });

        builder.Services.AddOptions<DemoCatalogOptions>().BindConfiguration(DemoCatalogOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<DemoCatalogSeeder>();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<IOptions<DevHostOptions>>().Value.SellWithoutStockRecord ? new UntrackedStockIsInStock() : StockRule.Default);
        builder.Services.AddSingleton<IStartupFilter>(new ImageFiles(imagesPath));
        return builder;
    }

    /// <summary>Serves the local image store's folder at <see cref="LocalImageStore.UrlPrefix"/>.</summary>
    sealed class ImageFiles(string path) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            Directory.CreateDirectory(path);
            app.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = new PhysicalFileProvider(path),
                RequestPath = LocalImageStore.UrlPrefix.TrimEnd('/'),
                OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "public, max-age=31536000, immutable",
            });
            next(app);
        };
    }
}

/// <summary>The catalog's stock rule, and a product none of whose SKUs has an inventory record (the demo catalog's) in stock too.</summary>
public sealed class UntrackedStockIsInStock : StockRule
{
    public override bool InStock(IReadOnlyList<SkuInventory?> skus)
    {
        ArgumentNullException.ThrowIfNull(skus);
        return base.InStock(skus) || skus.All(s => s is null);
    }
}
