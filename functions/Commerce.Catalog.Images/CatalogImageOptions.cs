namespace Commerce.Catalog.Images;

/// <summary>Where product images go (section <c>Catalog:Images</c>): Blob Storage when an endpoint or connection string is set, else a local folder.</summary>
public sealed class CatalogImageOptions
{
    public const string Section = "Catalog:Images";

    /// <summary>Blob service endpoint (identity-based access in Azure).</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Storage connection string (Azurite).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Client id of the user-assigned managed identity (Azure); empty for the default credential chain.</summary>
    public string? ClientId { get; set; }

    public string ContainerName { get; set; } = "product-images";

    /// <summary>
    /// Where browsers load the container's images from (in Azure the edge's <c>https://apim-…azure-api.net/images</c>:
    /// the container is private); empty: the blob URL itself (Azurite, or a container behind its own CDN).
    /// </summary>
    public Uri? PublicBaseUrl { get; set; }

    /// <summary>The local folder for the embedded store.</summary>
    public string LocalPath { get; set; } = "./.devhost-data/images";

    public bool UsesBlobStorage => BlobServiceUri is not null || !string.IsNullOrWhiteSpace(ConnectionString);
}
