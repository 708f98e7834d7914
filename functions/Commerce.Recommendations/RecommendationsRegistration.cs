using Azure.Identity;
using Azure.Storage.Blobs;
using Commerce.Recommendations.Interactions;
using Commerce.Recommendations.Serving;
using Commerce.Recommendations.Storage;
using Commerce.Recommendations.Stores;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Commerce.Recommendations;

/// <summary>
/// <c>services.AddRecommendations()</c>: serving (<see cref="IRecommender"/>, the model holder and its refresher) and
/// training (<see cref="RecommendationTraining"/>); <see cref="AddRecommendationServing"/> adds the background poll of the
/// model store that only a serving app needs. Ports the host doesn't provide get the
/// embedded adapters (everything sellable, no purchases or activity, the model's trending list); register real
/// adapters before or after this call (they replace the defaults) and an <see cref="ITrainingDataSource"/> to train.
/// </summary>
public static class RecommendationsRegistration
{
    public static IServiceCollection AddRecommendations(this IServiceCollection services)
    {
        services.AddOptions<RecommendationOptions>().BindConfiguration(RecommendationOptions.Section)
            .Configure<IConfiguration>((o, configuration) =>
            {
                // Without a Recommendations blob setting, the platform-wide Blobs__serviceUri / Blobs__clientId the Bicep sets.
                if (string.IsNullOrWhiteSpace(o.BlobConnectionString) && o.BlobServiceUri is null && Uri.TryCreate(configuration["Blobs:serviceUri"], UriKind.Absolute, out var uri))
                {
                    o.BlobServiceUri = uri;
                    o.ClientId ??= configuration["Blobs:clientId"];
                }
            })
            .ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RecommendationModelHolder>();
        services.TryAddSingleton<IModelStore>(sp => CreateStore(sp.GetRequiredService<IOptions<RecommendationOptions>>().Value));
        services.TryAddSingleton<ISellableProducts, EverythingSellable>();
        services.TryAddSingleton<ITrendingProducts, ModelTrendingProducts>();
        services.TryAddSingleton<IPurchaseHistory>(NoHistory.Instance);
        services.TryAddSingleton<ICustomerActivity>(NoHistory.Instance);
        services.TryAddSingleton<IRecommender, Recommender>();
        services.TryAddSingleton<ModelRefresher>();
        services.TryAddSingleton<RecommendationTraining>();
        return services;
    }

    /// <summary>
    /// What an app that answers recommendations needs: <see cref="AddRecommendationStores"/> plus the service that polls
    /// the model store, so every instance serves the newest model without a restart. The training app does not poll.
    /// </summary>
    public static IServiceCollection AddRecommendationServing(this IServiceCollection services)
    {
        services.AddRecommendationStores();
        services.AddHostedService<ModelRefreshService>();
        return services;
    }

    /// <summary>
    /// The document-store adapters (the host registers an <see cref="Commerce.Documents.IDocumentStore"/>): shopper
    /// history and activity, trending as analytics publishes it, training data from the interaction log, and the
    /// recorder the clickstream ingestion writes through. Replaces the embedded defaults; idempotent.
    /// </summary>
    public static IServiceCollection AddRecommendationStores(this IServiceCollection services)
    {
        services.AddRecommendations();
        services.TryAddSingleton<DocumentShopperHistory>();
        services.TryAddSingleton<DocumentTrendingProducts>();
        services.TryAddSingleton<InteractionRecorder>();
        services.Replace(ServiceDescriptor.Singleton<IPurchaseHistory>(sp => sp.GetRequiredService<DocumentShopperHistory>()));
        services.Replace(ServiceDescriptor.Singleton<ICustomerActivity>(sp => sp.GetRequiredService<DocumentShopperHistory>()));
        services.Replace(ServiceDescriptor.Singleton<ITrendingProducts>(sp => sp.GetRequiredService<DocumentTrendingProducts>()));
        services.Replace(ServiceDescriptor.Singleton<ITrainingDataSource, DocumentTrainingDataSource>());
        return services;
    }

    public static IModelStore CreateStore(RecommendationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!string.IsNullOrWhiteSpace(options.BlobConnectionString))
        {
            return new BlobModelStore(new BlobContainerClient(options.BlobConnectionString, options.Container));
        }

        if (options.BlobServiceUri is { } uri)
        {
            var credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId });
            return new BlobModelStore(new BlobServiceClient(uri, credential).GetBlobContainerClient(options.Container));
        }

        return new LocalFolderModelStore(options.LocalFolder);
    }

    private sealed class NoHistory : IPurchaseHistory, ICustomerActivity
    {
        public static readonly NoHistory Instance = new();

        public Task<IReadOnlySet<string>> PurchasedByAsync(string customerId, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlySet<string>>(new HashSet<string>());

        public Task<IReadOnlyList<ProductInteraction>> RecentAsync(string customerId, int max, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<ProductInteraction>>([]);
    }
}
