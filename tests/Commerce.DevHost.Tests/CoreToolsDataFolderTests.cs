using Commerce.Cart;
using Commerce.Cart.Domain;
using Commerce.Catalog;
using Commerce.Contracts;
using Commerce.Documents;
using Commerce.Documents.Sqlite;
using Commerce.ServiceDefaults;
using Commerce.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Commerce.DevHost.Tests;

/// <summary>
/// The Core Tools path (README, "Running the apps with Core Tools and Azurite"): every app gets
/// <c>local.settings.sample.json</c> as its <c>local.settings.json</c>, and <c>func start</c> builds each app into its
/// own <c>functions/Commerce.&lt;App&gt;/bin/output</c> and runs the worker there (its working directory and content root).
/// The apps' hosts are built as their Program builds them (<see cref="CommerceFunctionsApplication.Build"/>), with the
/// sample's values as settings, each in its own output folder of a copy of the repository's layout.
/// </summary>
[Collection(nameof(WorkingDirectoryCollection))]
public sealed class CoreToolsDataFolderTests : IDisposable
{
    readonly string repository = Directory.CreateTempSubdirectory("commerce-coretools-").FullName;

    public CoreToolsDataFolderTests() => File.Copy(Path.Combine(TestPaths.RepositoryRoot, CoreToolsSettings.Sample), Path.Combine(repository, CoreToolsSettings.Sample));

    CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Apps_started_by_func_start_from_their_own_output_folders_share_one_store_so_the_cart_sees_the_catalogs_products()
    {
        using var catalog = AppHost("Commerce.Catalog", "commerce-catalog", (services, configuration) => services.AddCatalog(configuration));
        using var cart = AppHost("Commerce.Cart", "commerce-cart", (services, configuration) => services.AddCart(configuration));
        var sku = "sku-" + Guid.NewGuid().ToString("N")[..8];

        await catalog.Services.GetRequiredService<IDocumentStore>().Container<SkuSnapshot>(SkuSnapshot.Container).UpsertAsync(sku, sku, new SkuSnapshot
        {
            Sku = sku,
            ProductId = "p-" + sku,
            Name = "Shared shoe",
            Status = SkuStatus.Active,
            Prices = new Dictionary<string, long> { ["EUR"] = 4200 },
        }, cancellationToken: Cancel);
        var seenByCart = await cart.Services.GetRequiredService<ICatalogReader>().GetSkusAsync([sku], Cancel);

        Assert.Equal("Shared shoe", Assert.Contains(sku, seenByCart).Name);
        var expected = Path.Combine(repository, ".devhost-data", "documents", SqliteDocumentStore.FileName);
        Assert.All(new[] { catalog, cart }, app => Assert.Equal(expected, Assert.IsType<SqliteDocumentStore>(app.Services.GetRequiredKeyedService<IDocumentStore>(DocumentStoreServiceCollectionExtensions.AdapterKey)).DatabasePath));
    }

    [Fact]
    public void A_relative_data_path_is_taken_from_the_repository_root_and_an_explicit_store_folder_wins()
    {
        var output = Path.Combine(repository, "functions", "Commerce.Orders", "bin", "output");
        var elsewhere = Path.Combine(Path.GetTempPath(), "no-repository-" + Guid.NewGuid().ToString("N"));

        Assert.Equal(repository, LocalDataFolder.RootOf(output));
        Assert.Equal(Path.Combine(repository, "data", "documents"), LocalDataFolder.Resolve(null, "data", "documents", output));
        Assert.Equal(Path.Combine(repository, ".devhost-data", "documents"), LocalDataFolder.Resolve(null, null, "documents", output));
        Assert.Equal(Path.Combine(repository, "mine"), LocalDataFolder.Resolve("mine", "data", "documents", output));
        Assert.Equal(Path.Combine(elsewhere, ".devhost-data", "documents"), LocalDataFolder.Resolve(null, null, "documents", elsewhere));
    }

    /// <summary>
    /// An app's host as its Program builds it under <c>func start</c>: in its own <c>bin/output</c> as the working
    /// directory (the worker's builder takes its content root from there, not from arguments), the sample's values as
    /// its settings. The working directory is the process's, so these tests run alone (<see cref="WorkingDirectoryCollection"/>).
    /// </summary>
    IHost AppHost(string project, string serviceName, Action<IServiceCollection, IConfiguration> addApp)
    {
        var output = Directory.CreateDirectory(Path.Combine(repository, "functions", project, "bin", "output")).FullName;
        var before = Environment.CurrentDirectory;
        Environment.CurrentDirectory = output;
        try
        {
            return CommerceFunctionsApplication.Build([.. CoreToolsSettings.SampleAsArguments()], serviceName, addApp);
        }
        finally
        {
            Environment.CurrentDirectory = before;
        }
    }

    public void Dispose()
    {
        Directory.Delete(repository, recursive: true);
    }
}

/// <summary>Tests that change the process's working directory: they run after the parallel ones, one at a time.</summary>
[CollectionDefinition(nameof(WorkingDirectoryCollection), DisableParallelization = true)]
public sealed class WorkingDirectoryCollection;
