using Commerce.Catalog.Domain;
using Commerce.Catalog.Images;
using Commerce.Catalog.Search.Lucene;
using Commerce.Documents;
using Commerce.Documents.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Commerce.Catalog.UnitTests;

/// <summary>The catalog domain over the embedded adapters (SQLite store, in-memory Lucene, local image folder) in a temporary folder.</summary>
public sealed class CatalogTestBed : IAsyncDisposable
{
    readonly ServiceProvider _services;

    /// <param name="wrap">Wraps the store the catalog uses (a call counter, say); none: the SQLite store itself.</param>
    public CatalogTestBed(Func<IDocumentStore, IDocumentStore>? wrap = null)
    {
        Root = Directory.CreateTempSubdirectory("catalog-tests-").FullName;
        _services = new ServiceCollection()
            .AddLogging()
            .AddMetrics()
            .AddHybridCache().Services
            .AddSingleton(TimeProvider.System)
            .AddSingleton((wrap ?? (store => store))(new SqliteDocumentStore(Path.Combine(Root, "documents"))))
            .AddSingleton<IProductSearch>(new LuceneProductSearch(indexPath: null))
            .AddSingleton<IImageStore>(new LocalImageStore(Path.Combine(Root, "images")))
            .AddSingleton<CatalogMetrics>()
            .AddSingleton<Categories>()
            .AddSingleton<ProductReader>()
            .AddSingleton<ProductWriter>()
            .BuildServiceProvider();
    }

    public string Root { get; }

    public ProductWriter Writer => _services.GetRequiredService<ProductWriter>();

    public ProductReader Reader => _services.GetRequiredService<ProductReader>();

    public Categories Categories => _services.GetRequiredService<Categories>();

    public IProductSearch Search => _services.GetRequiredService<IProductSearch>();

    public CatalogMetrics Metrics => _services.GetRequiredService<CatalogMetrics>();

    public IDocumentStore Store => _services.GetRequiredService<IDocumentStore>();

    public async Task WithCategoriesAsync(CancellationToken cancellationToken)
    {
        await Categories.PutAsync(new Category { Id = "clothing", Name = "Clothing" }, cancellationToken);
        await Categories.PutAsync(new Category { Id = "knitwear", Name = "Knitwear", ParentId = "clothing" }, cancellationToken);
        await Categories.PutAsync(new Category { Id = "shirts", Name = "Shirts", ParentId = "clothing" }, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(Root, recursive: true);
    }
}
