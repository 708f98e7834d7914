using Azure.Identity;
using Azure.Search.Documents.Indexes;
using Commerce.Catalog.Domain;
using Commerce.Catalog.Search.AzureAiSearch;
using Commerce.Catalog.Search.Lucene;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Configuration;
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

    /// <summary>Client id of the user-assigned managed identity (Azure); empty for the default credential chain.</summary>
    public string? ClientId { get; set; }

    public string IndexName { get; set; } = "products";

    /// <summary>How long an answer is reused for the same query (flash-sale protection); zero turns the cache off.</summary>
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromSeconds(5);
}

public static class SearchRegistration
{
    /// <summary>Registers <see cref="IProductSearch"/>: Azure AI Search when <c>Catalog:Search:Endpoint</c> is set, else the embedded Lucene.NET index.</summary>
    public static IServiceCollection AddCatalogSearch(this IServiceCollection services)
    {
        services.AddHybridCache();
        services.AddOptions<CatalogSearchOptions>().BindConfiguration(CatalogSearchOptions.Section)
            .Configure<IConfiguration>((o, configuration) =>
            {
                // The Bicep sets the platform-wide Search__endpoint / Search__clientId settings.
                o.Endpoint ??= Uri.TryCreate(configuration["Search:endpoint"], UriKind.Absolute, out var endpoint) ? endpoint : null;
                o.ClientId ??= configuration["Search:clientId"];
            })
            .Validate(o => !string.IsNullOrWhiteSpace(o.IndexName), "Catalog:Search:IndexName is required.")
            .Validate(o => o.CacheLifetime >= TimeSpan.Zero && o.CacheLifetime <= TimeSpan.FromMinutes(5), "Catalog:Search:CacheLifetime must be between 0 and 5 minutes.")
            .ValidateOnStart();
        services.AddSingleton(sp => new LuceneProductSearch(sp.GetRequiredService<IOptions<CatalogSearchOptions>>().Value.IndexPath));
        services.AddSingleton<IProductSearch>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CatalogSearchOptions>>().Value;
            IProductSearch search = options.Endpoint is { } endpoint
                ? new AzureProductSearch(new SearchIndexClient(endpoint, new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId })), options.IndexName)
                : sp.GetRequiredService<LuceneProductSearch>();
            return options.CacheLifetime > TimeSpan.Zero ? new CachedProductSearch(search, sp.GetRequiredService<HybridCache>(), options.CacheLifetime) : search;
        });
        return services;
    }
}
