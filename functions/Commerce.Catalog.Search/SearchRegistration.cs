using Commerce.Catalog.Domain;
using Commerce.Catalog.Search.Lucene;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Commerce.Catalog.Search;

/// <summary>Settings of product search (section <c>Catalog:Search</c>).</summary>
public sealed class CatalogSearchOptions
{
    public const string Section = "Catalog:Search";

    /// <summary>The embedded Lucene index folder; empty for an in-memory index.</summary>
    public string? IndexPath { get; set; } = "./.devhost-data/search";
}

public static class SearchRegistration
{
    /// <summary>Registers <see cref="IProductSearch"/> (the embedded Lucene.NET index).</summary>
    public static IServiceCollection AddCatalogSearch(this IServiceCollection services)
    {
        services.AddOptions<CatalogSearchOptions>().BindConfiguration(CatalogSearchOptions.Section).ValidateOnStart();
        services.AddSingleton(sp => new LuceneProductSearch(sp.GetRequiredService<IOptions<CatalogSearchOptions>>().Value.IndexPath));
        services.AddSingleton<IProductSearch>(sp => sp.GetRequiredService<LuceneProductSearch>());
        return services;
    }
}
