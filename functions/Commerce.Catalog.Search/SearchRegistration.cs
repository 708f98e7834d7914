using Azure.Identity;
using Azure.Search.Documents.Indexes;
using Commerce.Catalog.Domain;
using Commerce.Catalog.Search.AzureAiSearch;
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

    /// <summary>The Azure AI Search endpoint; when set, the Azure adapter is used (identity-based access).</summary>
    public Uri? Endpoint { get; set; }

    public string IndexName { get; set; } = "products";
}

public static class SearchRegistration
{
    /// <summary>Registers <see cref="IProductSearch"/>: Azure AI Search when <c>Catalog:Search:Endpoint</c> is set, else the embedded Lucene.NET index.</summary>
    public static IServiceCollection AddCatalogSearch(this IServiceCollection services)
    {
        services.AddOptions<CatalogSearchOptions>().BindConfiguration(CatalogSearchOptions.Section)
            .Validate(o => !string.IsNullOrWhiteSpace(o.IndexName), "Catalog:Search:IndexName is required.")
            .ValidateOnStart();
        services.AddSingleton(sp => new LuceneProductSearch(sp.GetRequiredService<IOptions<CatalogSearchOptions>>().Value.IndexPath));
        services.AddSingleton<IProductSearch>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CatalogSearchOptions>>().Value;
            return options.Endpoint is { } endpoint
                ? new AzureProductSearch(new SearchIndexClient(endpoint, new DefaultAzureCredential()), options.IndexName)
                : sp.GetRequiredService<LuceneProductSearch>();
        });
        return services;
    }
}
