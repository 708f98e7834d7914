using Azure.Identity;
using Azure.Storage.Blobs;
using Commerce.Catalog.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Commerce.Catalog.Images;

public static class ImageStoreRegistration
{
    /// <summary>Registers <see cref="IImageStore"/>: Blob Storage when configured, else the local folder.</summary>
    public static IServiceCollection AddCatalogImageStore(this IServiceCollection services)
    {
        services.AddOptions<CatalogImageOptions>().BindConfiguration(CatalogImageOptions.Section)
            .Configure<IConfiguration>((o, configuration) =>
            {
                // The Bicep sets the platform-wide Blobs__serviceUri / Blobs__clientId settings.
                o.BlobServiceUri ??= Uri.TryCreate(configuration["Blobs:serviceUri"], UriKind.Absolute, out var uri) ? uri : null;
                o.ClientId ??= configuration["Blobs:clientId"];
            })
            .Validate(o => !string.IsNullOrWhiteSpace(o.ContainerName) && !string.IsNullOrWhiteSpace(o.LocalPath), "Catalog:Images needs a ContainerName and a LocalPath.")
            .Validate(o => o.PublicBaseUrl is null || (o.PublicBaseUrl.IsAbsoluteUri && o.PublicBaseUrl.Scheme == Uri.UriSchemeHttps && string.IsNullOrEmpty(o.PublicBaseUrl.Query)), "Catalog:Images:PublicBaseUrl must be an absolute https URL without a query.")
            .ValidateOnStart();
        services.AddSingleton<IImageStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CatalogImageOptions>>().Value;
            if (!options.UsesBlobStorage)
            {
                return new LocalImageStore(options.LocalPath);
            }

            var client = options.BlobServiceUri is { } uri ? new BlobServiceClient(uri, new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = options.ClientId })) : new BlobServiceClient(options.ConnectionString);
            return new BlobImageStore(client.GetBlobContainerClient(options.ContainerName), options.PublicBaseUrl);
        });
        return services;
    }
}
