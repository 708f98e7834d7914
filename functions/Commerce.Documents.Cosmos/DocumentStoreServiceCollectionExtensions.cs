using Commerce.Documents;
using Commerce.Documents.Cosmos;
using Commerce.Documents.Sqlite;
using Commerce.ServiceDefaults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the document store port with the adapter the configuration asks for.</summary>
public static class DocumentStoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="IDocumentStore"/> as a singleton (the adapter, keyed <see cref="AdapterKey"/>, behind
    /// <see cref="ResilientDocumentStore"/>) plus its options (each app registers a
    /// <see cref="DocumentStoreHealthCheck"/> under its own name). Cosmos DB when <c>Documents:Provider</c> is <c>Cosmos</c>, or when it is unset and
    /// <c>CosmosDb:AccountEndpoint</c> or <c>CosmosDb:ConnectionString</c> is configured; otherwise the embedded SQLite
    /// store under <c>Documents:DataPath</c>, else in <c>documents</c> of the apps' one data folder (<see cref="LocalDataFolder"/>:
    /// <c>Commerce:DataPath</c>, relative paths from the repository root, so every app finds the same store). Options are validated at start-up. Idempotent: several apps hosted in one
    /// process may all call it; the first call wins.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The app configuration (the one the host binds options from); it picks the provider.</param>
    public static IServiceCollection AddCommerceDocumentStore(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(DocumentStoreRegistered)))
        {
            return services;
        }

        services.AddSingleton<DocumentStoreRegistered>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<DocumentsOptions>()
            .BindConfiguration(DocumentsOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(o => IsKnownProvider(o.Provider), "Documents:Provider must be 'Cosmos', 'Sqlite' or empty.")
            .ValidateOnStart();

        if (string.Equals(ResolveProvider(configuration), DocumentsOptions.CosmosProvider, StringComparison.Ordinal))
        {
            services.AddOptions<CosmosDbOptions>()
                .BindConfiguration(CosmosDbOptions.SectionName)
                .Validate(o => o.Validate().Count == 0, "CosmosDb settings are invalid: set AccountEndpoint (Azure) or ConnectionString (emulator), a DatabaseName, and AllowInsecureEmulatorCertificate only for a loopback endpoint.")
                .ValidateOnStart();
            services.TryAddKeyedSingleton<IDocumentStore>(AdapterKey, (sp, _) => CosmosDocumentStore.Create(sp.GetRequiredService<IOptions<CosmosDbOptions>>().Value));
        }
        else
        {
            services.TryAddKeyedSingleton<IDocumentStore>(AdapterKey, (sp, _) =>
            {
                var options = sp.GetRequiredService<IOptions<DocumentsOptions>>().Value;
                var dataPath = LocalDataFolder.Resolve(options.DataPath, configuration[LocalDataFolder.Setting], "documents", sp.GetService<IHostEnvironment>()?.ContentRootPath ?? Environment.CurrentDirectory);
                return new SqliteDocumentStore(dataPath, options.SweepInterval, sp.GetRequiredService<TimeProvider>());
            });
        }

        services.TryAddSingleton<IDocumentStore>(sp => new ResilientDocumentStore(sp.GetRequiredKeyedService<IDocumentStore>(AdapterKey)));
        return services;
    }

    /// <summary>The service key of the adapter itself; <see cref="IDocumentStore"/> is the adapter behind <see cref="ResilientDocumentStore"/> (transient failures retried).</summary>
    public const string AdapterKey = "commerce-documents-adapter";

    /// <summary>The store for one app: <see cref="AddCommerceDocumentStore(IServiceCollection, IConfiguration)"/> plus the app's own health check on it.</summary>
    public static IServiceCollection AddCommerceDocumentStore(this IServiceCollection services, IConfiguration configuration, string app)
    {
        services.AddCommerceDocumentStore(configuration).AddHealthChecks().AddAppCheck<DocumentStoreHealthCheck>(app, "documents");
        return services;
    }

    /// <summary>
    /// Which adapter <paramref name="configuration"/> selects: <see cref="DocumentsOptions.CosmosProvider"/> or
    /// <see cref="DocumentsOptions.SqliteProvider"/>.
    /// </summary>
    public static string ResolveProvider(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = configuration[$"{DocumentsOptions.SectionName}:{nameof(DocumentsOptions.Provider)}"];
        if (string.IsNullOrWhiteSpace(provider))
        {
            var cosmos = configuration.GetSection(CosmosDbOptions.SectionName);
            return string.IsNullOrWhiteSpace(cosmos[nameof(CosmosDbOptions.AccountEndpoint)])
                && string.IsNullOrWhiteSpace(cosmos[nameof(CosmosDbOptions.ConnectionString)])
                    ? DocumentsOptions.SqliteProvider
                    : DocumentsOptions.CosmosProvider;
        }

        if (provider.Equals(DocumentsOptions.CosmosProvider, StringComparison.OrdinalIgnoreCase))
        {
            return DocumentsOptions.CosmosProvider;
        }

        if (provider.Equals(DocumentsOptions.SqliteProvider, StringComparison.OrdinalIgnoreCase))
        {
            return DocumentsOptions.SqliteProvider;
        }

        throw new ArgumentException($"Documents:Provider '{provider}' is unknown: use 'Cosmos' or 'Sqlite'.", nameof(configuration));
    }

    private static bool IsKnownProvider(string? provider) =>
        string.IsNullOrWhiteSpace(provider)
        || provider.Equals(DocumentsOptions.CosmosProvider, StringComparison.OrdinalIgnoreCase)
        || provider.Equals(DocumentsOptions.SqliteProvider, StringComparison.OrdinalIgnoreCase);

    // Marks that the store is registered, so repeated calls add nothing twice (validators, stores).
    private sealed class DocumentStoreRegistered;
}
